// Runs in: Node (vitest). Diacritics-insensitive matching for the procedure search.
import { describe, expect, it } from 'vitest';
import { matches, normalizeForSearch, searchItems } from './search';

describe('normalizeForSearch', () => {
  it('strips tones and shapes, maps đ/Đ to d, lower-cases, collapses separators', () => {
    expect(normalizeForSearch('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(normalizeForSearch('  NGƯỜI   phụ-thuộc ')).toBe('nguoi phu thuoc');
    expect(normalizeForSearch('Cấp bản sao (trích lục)')).toBe('cap ban sao trich luc');
  });
  it('gives the same result for NFC and NFD input and for both tone placements', () => {
    expect(normalizeForSearch('Hoà Bình'.normalize('NFD'))).toBe('hoa binh');
    expect(normalizeForSearch('Hòa Bình')).toBe(normalizeForSearch('Hoà Bình'));
  });
});

describe('matches', () => {
  it('finds with or without diacritics', () => {
    expect(matches('khai sinh', 'Khai sinh')).toBe(true);
    expect(matches('dang ky', 'Đăng ký')).toBe(true);
    expect(matches('DANG KY', 'Đăng ký kết hôn')).toBe(true);
    expect(matches('đăng ký', 'Dang ky')).toBe(true);
    expect(matches('kết hôn', 'Đăng ký kết hôn')).toBe(true);
  });
  it('matches words by prefix, in any order, and requires every word', () => {
    expect(matches('sinh khai', 'Đăng ký khai sinh')).toBe(true);
    expect(matches('kh si', 'Đăng ký khai sinh')).toBe(true);
    expect(matches('inh', 'Đăng ký khai sinh')).toBe(false);
    expect(matches('khai tu', 'Đăng ký khai sinh')).toBe(false);
    expect(matches('thuong tru', 'Đăng ký tạm trú')).toBe(false);
  });
  it('an empty or blank query matches everything', () => {
    expect(matches('', 'x')).toBe(true);
    expect(matches('  ,', 'x')).toBe(true);
  });
});

describe('searchItems', () => {
  const items = ['Đăng ký kết hôn', 'Khai tử', 'Đăng ký khai sinh', 'Khai sinh cho con nuôi', 'Cấp thẻ BHYT'];
  it('keeps phrase-prefix hits first and drops non-matches', () => {
    expect(searchItems('khai sinh', items, (s) => s)).toEqual(['Khai sinh cho con nuôi', 'Đăng ký khai sinh']);
    expect(searchItems('dang ky', items, (s) => s)).toEqual(['Đăng ký kết hôn', 'Đăng ký khai sinh']);
    expect(searchItems('', items, (s) => s)).toEqual(items);
    expect(searchItems('bhyt', items, (s) => s)).toEqual(['Cấp thẻ BHYT']);
  });
});
