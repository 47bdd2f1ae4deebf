// Runs in: Node (vitest). Telex against words whose spelling is known, plus NFC and fuzz properties.
import { describe, expect, it } from 'vitest';
import { telexInput, toneIndex, typeTelex } from './telex';

const cases: [string, string][] = [
  ['Nguyeenx', 'Nguyễn'],
  ['thuowngf', 'thường'],
  ['thuwowngf', 'thường'],
  ['ddoongf', 'đồng'],
  ['quar', 'quả'],
  ['gias', 'giá'],
  ['gif', 'gì'],
  ['giuwax', 'giữa'],
  ['quys', 'quý'],
  ['quyeenf', 'quyền'],
  ['quaan', 'quân'],
  ['tieengs', 'tiếng'],
  ['Vieetj', 'Việt'],
  ['Hoaf', 'Hoà'],
  ['hoaf', 'hoà'],
  ['hoanf', 'hoàn'],
  ['khoer', 'khoẻ'],
  ['thuyr', 'thuỷ'],
  ['huyts', 'huýt'],
  ['hoawcj', 'hoặc'],
  ['muaf', 'mùa'],
  ['muwa', 'mưa'],
  ['nuis', 'núi'],
  ['gurwi', 'gửi'],
  ['cuwuf', 'cừu'],
  ['thuowr', 'thuở'],
  ['nguwowif', 'người'],
  ['cuwar', 'cửa'],
  ['xoays', 'xoáy'],
  ['nhw', 'như'],
  ['tw', 'tư'],
  ['ddaawng', 'đăng'],
  ['ddawng', 'đăng'],
  ['kys', 'ký'],
  ['khai', 'khai'],
  ['sinh', 'sinh'],
  ['Ddinhj', 'Định'],
  ['TRAANF', 'TRẦN'],
  ['LEE', 'LÊ'],
  ['HUEES', 'HUẾ'],
  ['DDUWCS', 'ĐỨC'],
  ['Phamj', 'Phạm'],
  ['ddeems', 'đếm'],
  ['chuyeenj', 'chuyện'],
  ['ruwowuj', 'rượu'],
  ['khuyeens', 'khuyến'],
  ['ooi', 'ôi'],
  ['ow', 'ơ'],
  ['aw', 'ă'],
  ['uw', 'ư'],
  ['ee', 'ê'],
  ['aa', 'â'],
  ['oo', 'ô'],
  ['dd', 'đ'],
  // tone typed before the vowel is finished, then moved by later letters
  ['giuwowngf', 'giường'],
  ['gieets', 'giết'],
  ['gin', 'gin'],
  ['ginf', 'gìn'],
  ['quoocs', 'quốc'],
  ['khuyur', 'khuỷu'],
  ['ngoawcj', 'ngoặc'],
  ['tuooir', 'tuổi'],
  ['hosa', 'hoá'],
  ['gifa', 'già'],
  ['tuyeen', 'tuyên'],
];

describe('Telex: known words', () => {
  it.each(cases)('%s -> %s', (keys, word) => {
    expect(typeTelex(keys)).toBe(word.normalize('NFC'));
  });

  it('"quaar" is quẩ: aa is always â in Telex (quả is typed "quar")', () => {
    expect(typeTelex('quaar')).toBe('quẩ');
  });
});

describe('Telex: undo and tone removal', () => {
  it.each([
    ['ass', 'as'],
    ['asss', 'ass'],
    ['aaa', 'aa'],
    ['ddd', 'dd'],
    ['aww', 'aw'],
    ['ooo', 'oo'],
    ['thuowngff', 'thươngf'],
    ['tiesz', 'tie'],
    ['tiez', 'tiez'],
    ['thuoww', 'thuow'],
    ['thuowwng', 'thuowng'],
    ['bafs', 'bá'],
    ['z', 'z'],
  ])('%s -> %s', (keys, word) => {
    expect(typeTelex(keys)).toBe(word.normalize('NFC'));
  });
});

describe('Telex: tone style', () => {
  it('classic places the tone on the first vowel of open oa/oe/uy', () => {
    expect(typeTelex('hoaf', { toneStyle: 'classic' })).toBe('hòa');
    expect(typeTelex('khoer', { toneStyle: 'classic' })).toBe('khỏe');
    expect(typeTelex('thuyr', { toneStyle: 'classic' })).toBe('thủy');
    // with a final consonant both styles agree
    expect(typeTelex('hoanf', { toneStyle: 'classic' })).toBe('hoàn');
  });

  it('toneIndex follows the rules for each nucleus shape', () => {
    const at = (w: string) => toneIndex([...w].map((base) => ({ base })));
    expect(at('hoa')).toBe(2);
    expect(at('mua')).toBe(1);
    expect(at('qua')).toBe(2);
    expect(at('gia')).toBe(2);
    expect(at('gi')).toBe(1);
    expect(at('ươ')).toBe(1);
    expect(at('khuya')).toBe(3);
    expect(at('ng')).toBe(-1);
  });
});

describe('Telex: sentences and text boundaries', () => {
  it('only the last word is edited; spaces, digits and punctuation pass through', () => {
    expect(typeTelex('Nguyeenx Vawn Ans')).toBe('Nguyễn Văn Án');
    expect(typeTelex('soos 12, ddwowngf Leee Lowij')).toBe('số 12, đường Lee Lợi');
  });

  it('continues a word that arrives in NFD form and returns NFC', () => {
    const nfd = 'Nguyê'.normalize('NFD');
    const out = telexInput(nfd, 'n');
    expect(out).toBe('Nguyên');
    expect(out).toBe(out.normalize('NFC'));
    expect(telexInput(out, 'x')).toBe('Nguyễn');
  });
});

describe('Telex: fuzz', () => {
  it('any key sequence yields NFC text without throwing, each key adds at most one char', () => {
    const alphabet = 'aeiouydwsfrxjzqgnhtcAEOWDSFRXJZ 1,.';
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = 1 + Math.floor(rand() * 14);
      for (let i = 0; i < len; i++) {
        const key = alphabet[Math.floor(rand() * alphabet.length)]!;
        const before = [...text].length;
        text = telexInput(text, key);
        expect(text).toBe(text.normalize('NFC'));
        expect([...text].length).toBeLessThanOrEqual(before + 1);
      }
    }
  });
});
