// Runs in: renderer. Big on-screen Vietnamese keyboard with Telex typing; edits a controlled value.
import { useState } from 'react';
import type { ToneStyle } from '../../lib/telex';
import { LETTER_ROWS, NUMBER_ROW, PUNCTUATION, pressKey, type KeyAction, type KeyboardState, type ShiftState } from './layout';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
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

const SHIFT_LABEL: Record<ShiftState, MessageKey> = { off: 'keyboard.shiftOff', once: 'keyboard.shiftOnce', lock: 'keyboard.shiftLock' };
const TELEX_LETTERS: Array<[string, string]> = [['aa', 'â'], ['aw', 'ă'], ['ee', 'ê'], ['oo', 'ô'], ['ow', 'ơ'], ['uw', 'ư'], ['dd', 'đ']];
const TELEX_TONES: Array<[string, MessageKey]> = [['s', 'keyboard.toneS'], ['f', 'keyboard.toneF'], ['r', 'keyboard.toneR'], ['x', 'keyboard.toneX'], ['j', 'keyboard.toneJ'], ['z', 'keyboard.toneZ']];

export function VietKeyboard({ value, onChange, onEnter, enterLabel, maxLength, telex = true, toneStyle, capsLock = false, numbers = true }: VietKeyboardProps) {
  const { t } = useI18n();
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
    <div className="vk" role="group" aria-label={t('keyboard.label')} data-testid="viet-keyboard">
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
          ⇧ {t(SHIFT_LABEL[mode.shift])}
        </button>
        {LETTER_ROWS[2]!.map((c) => charKey(c))}
        <button type="button" className="vk-key vk-wide" aria-label={t('keyboard.deleteLast')} onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'backspace' })}>
          {t('common.delete')}
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
          {mode.telex ? t('keyboard.telexOn') : t('keyboard.telexOff')}
        </button>
        {PUNCTUATION.slice(0, 1).map((c) => charKey(c))}
        <button type="button" className="vk-key vk-space" onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'space' })}>
          {t('keyboard.space')}
        </button>
        {PUNCTUATION.slice(1).map((c) => charKey(c))}
        {onEnter ? (
          <button type="button" className="vk-key vk-wide vk-enter" onPointerDown={keep} onMouseDown={keep} onClick={() => press({ kind: 'enter' })}>
            {enterLabel ?? t('enterId.ok')}
          </button>
        ) : null}
      </div>
      {mode.telex ? (
        <p className="vk-hint">
          {t('keyboard.telexHint')}{' '}
          {TELEX_LETTERS.map(([keys, letter], i) => (
            <span key={keys}>
              {i > 0 ? ', ' : ''}
              <b>{keys}</b>={letter}
            </span>
          ))}
          ; {t('keyboard.tones')}{' '}
          {TELEX_TONES.map(([key, name], i) => (
            <span key={key}>
              {i > 0 ? ', ' : ''}
              <b>{key}</b> {t(name)}
            </span>
          ))}
          .
        </p>
      ) : null}
    </div>
  );
}
