// Runs in: Node (vitest). The language resources are complete and consistent; lookups substitute
// and fall back correctly. (tests/unit/renderer-strings.test.ts checks no text is left hard-coded.)
import { describe, expect, it } from 'vitest';
import { CATALOGUES, keysOf, messageOf, placeholdersOf, translate } from './messages';

// Vietnamese letters that English never uses (precomposed, after NFC).
const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('language resources', () => {
  const viKeys = keysOf(CATALOGUES.vi).sort();
  const enKeys = keysOf(CATALOGUES.en).sort();

  it('English has exactly the Vietnamese keys', () => {
    expect(viKeys.length).toBeGreaterThan(100);
    expect(enKeys).toEqual(viKeys);
  });

  it('every message is non-empty NFC text with the same placeholders in both languages', () => {
    for (const key of viKeys) {
      const vi = messageOf('vi', key)!;
      const en = messageOf('en', key)!;
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(vi, key).toBe(vi.normalize('NFC'));
      // The one deliberate difference: English says a date with the month's name.
      const viPlaceholders = key === 'submitted.spokenDate' ? ['day', 'monthName', 'year'] : placeholdersOf(vi);
      expect(placeholdersOf(en), key).toEqual(viPlaceholders);
    }
  });

  it('English messages are translated (no Vietnamese letters, except the way back to Vietnamese and tone names)', () => {
    const allowed = new Set(['app.switchLanguage', 'app.switchLanguageLabel', 'keyboard.toneS', 'keyboard.toneF', 'keyboard.toneR', 'keyboard.toneX', 'keyboard.toneJ']);
    const untranslated = enKeys.filter((k) => !allowed.has(k) && VIETNAMESE.test(messageOf('en', k)!));
    expect(untranslated).toEqual([]);
  });
});

describe('translate', () => {
  it('substitutes placeholders and leaves unknown ones visible', () => {
    expect(translate('vi', 'queue.ahead', { count: 3 })).toBe('Còn 3 người phía trước.');
    expect(translate('en', 'queue.ahead', { count: 3 })).toBe('3 people ahead of you.');
    expect(translate('en', 'queue.ahead')).toBe('{count} people ahead of you.');
  });

  it('falls back to Vietnamese for a key a catalogue lacks', () => {
    const en = CATALOGUES.en as Record<string, Record<string, string>>;
    const saved = en.thanks!.title!;
    delete en.thanks!.title;
    try {
      expect(translate('en', 'thanks.title')).toBe('Cảm ơn ông/bà');
    } finally {
      en.thanks!.title = saved;
    }
  });
});
