// Runs in: renderer (pure). Key layout and key handling of the on-screen Vietnamese keyboard,
// kept out of React so every key's effect on the value is unit-tested.
import { telexInput, type ToneStyle } from '../../lib/telex';

export type ShiftState = 'off' | 'once' | 'lock';

export type KeyAction =
  | { kind: 'char'; char: string } // letters, digits, punctuation
  | { kind: 'space' }
  | { kind: 'backspace' }
  | { kind: 'shift' }
  | { kind: 'telex' }
  | { kind: 'enter' };

export interface KeyboardState {
  value: string;
  shift: ShiftState;
  telex: boolean;
}

export const LETTER_ROWS: readonly string[][] = [
  ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
  ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
  ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
];
export const NUMBER_ROW: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
export const PUNCTUATION: readonly string[] = [',', '.', '/', '-'];

/** Removes the last user-perceived character (a whole "ễ", never half of it). */
export function deleteLast(value: string): string {
  const chars = Array.from(value.normalize('NFC'));
  chars.pop();
  return chars.join('');
}

/** Applies one key press; 'enter' leaves the state unchanged (the component calls onEnter). */
export function pressKey(state: KeyboardState, action: KeyAction, options: { maxLength?: number; toneStyle?: ToneStyle } = {}): KeyboardState {
  const max = options.maxLength ?? Infinity;
  switch (action.kind) {
    case 'shift':
      return { ...state, shift: state.shift === 'off' ? 'once' : state.shift === 'once' ? 'lock' : 'off' };
    case 'telex':
      return { ...state, telex: !state.telex };
    case 'backspace':
      return { ...state, value: deleteLast(state.value) };
    case 'enter':
      return state;
    case 'space': {
      // One space between words is all a form field needs; a leading space is never meant.
      if (state.value === '' || state.value.endsWith(' ') || Array.from(state.value).length >= max) return state;
      return { ...state, value: state.value + ' ' };
    }
    case 'char': {
      const upper = state.shift !== 'off';
      const ch = upper ? action.char.toUpperCase() : action.char;
      const next = state.telex ? telexInput(state.value, ch, { toneStyle: options.toneStyle }) : (state.value + ch).normalize('NFC');
      if (Array.from(next).length > max) return state;
      return { ...state, value: next, shift: state.shift === 'once' && /\p{L}/u.test(ch) ? 'off' : state.shift };
    }
  }
}
