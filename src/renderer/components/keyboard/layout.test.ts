// Runs in: Node (vitest). What each key of the on-screen keyboard does to the value.
import { describe, expect, it } from 'vitest';
import { deleteLast, pressKey, type KeyAction, type KeyboardState } from './layout';

const chars = (s: string): KeyAction[] => Array.from(s, (c) => (c === ' ' ? { kind: 'space' } : { kind: 'char', char: c }));
function press(actions: KeyAction[], start: Partial<KeyboardState> = {}, maxLength?: number): KeyboardState {
  let s: KeyboardState = { value: '', shift: 'off', telex: true, ...start };
  for (const a of actions) s = pressKey(s, a, { maxLength });
  return s;
}

describe('on-screen keyboard keys', () => {
  it('types Telex into NFC Vietnamese', () => {
    expect(press(chars('nguyeenx vawn an')).value).toBe('nguyễn văn an');
  });

  it('one-shot shift capitalises one letter; a second press locks; a third releases', () => {
    const s = press([{ kind: 'shift' }, ...chars('nguyeenx'), { kind: 'space' }, { kind: 'shift' }, { kind: 'shift' }, ...chars('an')]);
    expect(s.value).toBe('Nguyễn AN');
    expect(s.shift).toBe('lock');
    expect(pressKey(s, { kind: 'shift' }).shift).toBe('off');
  });

  it('shifted Telex keys still act as Telex (caps lock names)', () => {
    expect(press(chars('traanf'), { shift: 'lock' }).value).toBe('TRẦN');
  });

  it('Telex off types the letters as they are', () => {
    const s = press([{ kind: 'telex' }, ...chars('ddoongf')]);
    expect(s.telex).toBe(false);
    expect(s.value).toBe('ddoongf');
  });

  it('backspace removes a whole composed letter, also from NFD input', () => {
    expect(deleteLast('Nguyễn')).toBe('Nguyễ');
    expect(deleteLast('Nguyễ'.normalize('NFD'))).toBe('Nguy');
    expect(deleteLast('')).toBe('');
    expect(press([...chars('ddoongf'), { kind: 'backspace' }]).value).toBe('đồn');
  });

  it('no leading or double spaces; digits and punctuation pass through Telex untouched', () => {
    expect(press(chars('  a  b')).value).toBe('a b');
    expect(press(chars('soos 12/3, ap 4-5.')).value).toBe('số 12/3, ap 4-5.');
  });

  it('maxLength caps the value (counted in characters, not code units)', () => {
    expect(press(chars('12345678'), {}, 5).value).toBe('12345');
    // a Telex key that only changes a letter is still allowed at the limit
    expect(press(chars('ddoongf'), {}, 4).value).toBe('đồng');
  });

  it('enter does not change the state', () => {
    const s = press(chars('an'));
    expect(pressKey(s, { kind: 'enter' })).toBe(s);
  });
});
