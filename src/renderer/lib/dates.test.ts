// Runs in: Node (vitest). Calendar rules behind the date picker.
import { describe, expect, it } from 'vitest';
import { clampDate, clampDay, compareDates, daysInMonth, formatDmy, isLeapYear, isValidDate, parseDmy, parseYear, stepPart, yearOptions } from './dates';

describe('calendar rules', () => {
  it('leap years follow the Gregorian rule', () => {
    expect([1900, 2000, 2024, 2023, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
  });
  it('days in month', () => {
    expect(daysInMonth(2, 2024)).toBe(29);
    expect(daysInMonth(2, 1900)).toBe(28);
    expect(daysInMonth(4, 2023)).toBe(30);
    expect(daysInMonth(12, 2023)).toBe(31);
  });
  it('rejects impossible dates', () => {
    expect(isValidDate({ day: 31, month: 2, year: 2024 })).toBe(false);
    expect(isValidDate({ day: 29, month: 2, year: 2023 })).toBe(false);
    expect(isValidDate({ day: 29, month: 2, year: 2024 })).toBe(true);
    expect(isValidDate({ day: 31, month: 4, year: 2024 })).toBe(false);
    expect(isValidDate({ day: 0, month: 1, year: 2024 })).toBe(false);
    expect(isValidDate({ day: 1, month: 13, year: 2024 })).toBe(false);
  });
});

describe('dd/mm/yyyy', () => {
  it('formats with zero padding and parses back (round trip over a leap-year span)', () => {
    expect(formatDmy({ day: 5, month: 3, year: 1948 })).toBe('05/03/1948');
    for (let y = 1999; y <= 2001; y++)
      for (let m = 1; m <= 12; m++)
        for (let d = 1; d <= daysInMonth(m, y); d++) expect(parseDmy(formatDmy({ day: d, month: m, year: y }))).toEqual({ day: d, month: m, year: y });
  });
  it('parses loose separators and rejects nonsense', () => {
    expect(parseDmy('5-3-1948')).toEqual({ day: 5, month: 3, year: 1948 });
    expect(parseDmy('31/02/2020')).toBeNull();
    expect(parseDmy('2020-02-01')).toBeNull();
    expect(parseDmy('')).toBeNull();
    expect(parseDmy('aa/bb/cccc')).toBeNull();
  });
});

describe('picker helpers', () => {
  it('year list runs newest first down to the minimum', () => {
    const ys = yearOptions(1900, 2026);
    expect(ys[0]).toBe(2026);
    expect(ys.at(-1)).toBe(1900);
    expect(ys).toHaveLength(127);
  });
  it('clamps the day when the month shrinks', () => {
    expect(clampDay(31, 2, 2023)).toBe(28);
    expect(clampDay(31, 2, 2024)).toBe(29);
    expect(clampDay(15, 2, 2023)).toBe(15);
  });
  it('steppers wrap day and month, clamp the year, and keep the date valid', () => {
    expect(stepPart('day', { day: 31, month: 1, year: 2024 }, 1, 1900, 2026)).toEqual({ day: 1, month: 1, year: 2024 });
    expect(stepPart('day', { day: 1, month: 2, year: 2023 }, -1, 1900, 2026)).toEqual({ day: 28, month: 2, year: 2023 });
    expect(stepPart('month', { day: 31, month: 1, year: 2023 }, 1, 1900, 2026)).toEqual({ day: 28, month: 2, year: 2023 });
    expect(stepPart('month', { day: 10, month: 12, year: 2023 }, 1, 1900, 2026)).toEqual({ day: 10, month: 1, year: 2023 });
    expect(stepPart('year', { day: 29, month: 2, year: 2024 }, 1, 1900, 2026)).toEqual({ day: 28, month: 2, year: 2025 });
    expect(stepPart('year', { day: 1, month: 1, year: 2026 }, 1, 1900, 2026).year).toBe(2026);
    expect(stepPart('year', { day: 1, month: 1, year: 1900 }, -1, 1900, 2026).year).toBe(1900);
  });
  it('clampDate and compareDates order dates', () => {
    const min = { day: 1, month: 1, year: 1900 };
    const max = { day: 23, month: 11, year: 2026 };
    expect(compareDates(min, max)).toBeLessThan(0);
    expect(clampDate({ day: 1, month: 12, year: 2026 }, min, max)).toEqual(max);
    expect(clampDate({ day: 1, month: 12, year: 1800 }, min, max)).toEqual(min);
  });
  it('typed years must be four digits inside the range', () => {
    expect(parseYear('1948', 1900, 2026)).toBe(1948);
    expect(parseYear('48', 1900, 2026)).toBeNull();
    expect(parseYear('2030', 1900, 2026)).toBeNull();
    expect(parseYear('19a8', 1900, 2026)).toBeNull();
  });
});
