// Runs in: renderer. Big on-screen Vietnamese keyboard with Telex typing; edits a controlled value.
import { useState } from 'react';
import type { ToneStyle } from '../../lib/telex';
import { LETTER_ROWS, NUMBER_ROW, PUNCTUATION, pressKey, type KeyAction, type KeyboardState, type ShiftState } from './layout';
import './keyboard.css';

export interface VietKeyboardProps {
  value: string;
  onChange: (value: string) => void;
  /** The "Xong" key; omitted = no enter key. */
  onEnter?: () => void;
  enterLabel?: string;
  maxLength?: number;
  /** Telex on at first (default true); the citizen can switch it. */
  telex?: boolean;
  toneStyle?: ToneStyle;
  /** Start with caps lock (e.g. a name field printed in capitals). */
  capsLock?: boolean;
  /** Hide the number row for letters-only fields. */
  numbers?: boolean;
}

const SHIFT_LABEL: Record<ShiftState, string> = { off: 'Chữ hoa', once: 'Chữ hoa (1)', lock: 'CHỮ HOA' };

export function VietKeyboard({ value, onChange, onEnter, enterLabel = 'Xong ✓', maxLength, telex = true, toneStyle, capsLock = false, numbers = true }: VietKeyboardProps) {
  const [mode, setMode] = useState<{ shift: ShiftState; telex: boolean }>({ shift: capsLock ? 'lock' : 'off', telex });
  const press = (action: KeyAction) => {
    if (action.kind === 'enter') {
      onEnter?.();
      return;
    }
    const before: KeyboardState = { value, ...mode };
    const after = pressKey(before, action, { maxLength, toneStyle });
    if (after.shift !== mode.shift || after.telex !== mode.telex) setMode({ shift: after.shift, telex: after.telex });
    if (after.value !== value) onChange(after.value);
  };
  // Keys never take focus, so the field being edited keeps its caret and its screen-reader focus.
  const keep = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();
  const upper = mode.shift !== 'off';
  const charKey = (c: string, extra = '') => (
    <button key={c} type="button" data-key={c} className={`vk-key ${extra}`} onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'char', char: c })}>
      {upper ? c.toUpperCase() : c}
    </button>
  );
  return (
    <div className="vk" role="group" aria-label="Bàn phím tiếng Việt" data-testid="viet-keyboard">
      {numbers ? <div className="vk-row">{NUMBER_ROW.map((c) => charKey(c, 'vk-digit'))}</div> : null}
      <div className="vk-row">{LETTER_ROWS[0]!.map((c) => charKey(c))}</div>
      <div className="vk-row">{LETTER_ROWS[1]!.map((c) => charKey(c))}</div>
      <div className="vk-row">
        <button
          type="button"
          className={`vk-key vk-wide vk-shift ${upper ? 'is-on' : ''}`}
          aria-pressed={upper}
          onPointerDown={keep}
          onMouseDown={keep}
          onClick={() => press({ kind: 'shift' })}
        >
          ⇧ {SHIFT_LABEL[mode.shift]}
        </button>
        {LETTER_ROWS[2]!.map((c) => charKey(c))}
        <button type="button" className="vk-key vk-wide" aria-label="Xoá chữ cuối" onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'backspace' })}>
          ⌫ Xoá
        </button>
      </div>
      <div className="vk-row">
        <button
          type="button"
          className={`vk-key vk-wide vk-telex ${mode.telex ? 'is-on' : ''}`}
          aria-pressed={mode.telex}
          onPointerDown={keep}
          onMouseDown={keep}
          onClick={() => press({ kind: 'telex' })}
        >
          {mode.telex ? 'Gõ dấu: Bật' : 'Gõ dấu: Tắt'}
        </button>
        {PUNCTUATION.slice(0, 1).map((c) => charKey(c))}
        <button type="button" className="vk-key vk-space" onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'space' })}>
          Dấu cách
        </button>
        {PUNCTUATION.slice(1).map((c) => charKey(c))}
        {onEnter ? (
          <button type="button" className="vk-key vk-wide vk-enter" onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'enter' })}>
            {enterLabel}
          </button>
        ) : null}
      </div>
      {mode.telex ? (
        <p className="vk-hint">
          Gõ dấu kiểu Telex: <b>aa</b>=â, <b>aw</b>=ă, <b>ee</b>=ê, <b>oo</b>=ô, <b>ow</b>=ơ, <b>uw</b>=ư, <b>dd</b>=đ; dấu: <b>s</b> sắc, <b>f</b> huyền, <b>r</b> hỏi, <b>x</b> ngã, <b>j</b> nặng, <b>z</b> bỏ dấu.
        </p>
      ) : null}
    </div>
  );
}
