// Runs in: every process (pure; no Node imports). HID keyboard usage codes (usage page 0x07) to
// text, US layout — the layout barcode scanners emulate unless programmed otherwise.

/** [unshifted, shifted] for usages 0x04.. ; index = usage - 0x04. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const TABLE: Record<number, [string, string]> = {};
for (let i = 0; i < 26; i++) TABLE[0x04 + i] = [LETTERS[i]!, LETTERS[i]!.toUpperCase()];
'1234567890'.split('').forEach((d, i) => (TABLE[0x1e + i] = [d, '!@#$%^&*()'[i]!]));
Object.assign(TABLE, {
  0x2c: [' ', ' '],
  0x2d: ['-', '_'],
  0x2e: ['=', '+'],
  0x2f: ['[', '{'],
  0x30: [']', '}'],
  0x31: ['\\', '|'],
  0x32: ['#', '~'], // non-US # — sent by some scanners in ISO mode
  0x33: [';', ':'],
  0x34: ["'", '"'],
  0x35: ['`', '~'],
  0x36: [',', '<'],
  0x37: ['.', '>'],
  0x38: ['/', '?'],
  0x2b: ['\t', '\t'],
  // Keypad, used by scanners in "keypad emulation" for digits.
  0x54: ['/', '/'],
  0x55: ['*', '*'],
  0x56: ['-', '-'],
  0x57: ['+', '+'],
  0x59: ['1', '1'],
  0x5a: ['2', '2'],
  0x5b: ['3', '3'],
  0x5c: ['4', '4'],
  0x5d: ['5', '5'],
  0x5e: ['6', '6'],
  0x5f: ['7', '7'],
  0x60: ['8', '8'],
  0x61: ['9', '9'],
  0x62: ['0', '0'],
  0x63: ['.', '.'],
} satisfies Record<number, [string, string]>);

export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
const SHIFT_BITS = 0x02 | 0x20; // left shift, right shift

/** Text for one key usage, or undefined for keys that produce none (F-keys, arrows…). */
export function usageToChar(usage: number, shift: boolean): string | undefined {
  const entry = TABLE[usage];
  return entry ? entry[shift ? 1 : 0] : undefined;
}

/** The inverse, for simulators and tests: the usage and shift state that type `ch` (US layout). */
export function charToUsage(ch: string): { usage: number; shift: boolean } | undefined {
  for (const [usage, [plain, shifted]] of Object.entries(TABLE)) {
    const u = Number(usage);
    if (u >= 0x54) continue; // prefer the main block
    if (plain === ch) return { usage: u, shift: false };
    if (shifted === ch && u !== 0x32) return { usage: u, shift: true };
  }
  return undefined;
}

export type KeyboardReportEvent = { kind: 'char'; char: string } | { kind: 'enter' } | { kind: 'other'; usage: number };

/**
 * Decodes boot-protocol keyboard reports (8 bytes: modifiers, reserved, 6 key slots) into key
 * presses. Stateful: a key counts once, when it appears in a report; held keys repeat nothing.
 */
export function createKeyboardReportDecoder(): (report: Uint8Array) => KeyboardReportEvent[] {
  let previous = new Set<number>();
  return (report) => {
    if (report.length < 3) return [];
    // Reports with a report ID carry 9 bytes; the boot layout is the last 8.
    const r = report.length >= 9 ? report.subarray(report.length - 8) : report;
    const shift = (r[0]! & SHIFT_BITS) !== 0;
    const now = new Set<number>();
    const events: KeyboardReportEvent[] = [];
    for (let i = 2; i < Math.min(r.length, 8); i++) {
      const usage = r[i]!;
      if (usage <= 0x03) continue; // none / rollover error codes
      now.add(usage);
      if (previous.has(usage)) continue;
      if (usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER) events.push({ kind: 'enter' });
      else {
        const char = usageToChar(usage, shift);
        events.push(char === undefined ? { kind: 'other', usage } : { kind: 'char', char });
      }
    }
    previous = now;
    return events;
  };
}
