// Runs in: Node (engine). Offline voice guidance with espeak-ng, for kiosks whose browser has no
// Vietnamese voice (Chromium on Linux usually has none; Electron has no speech engine of its own).
// The renderer gets a WAV and plays it; nothing leaves the machine.
//
// The text goes to espeak-ng on stdin, never on the command line: prompts can carry a citizen's
// name or dossier code, and a command line is readable by every process (ps, /proc/*/cmdline).
import { spawn } from 'node:child_process';
import { KioskError } from '../../shared/errors';

export type SpeechLang = 'vi-VN' | 'en-US';

/** espeak-ng voice names for the languages the kiosk speaks. */
const VOICES: Record<SpeechLang, string> = { 'vi-VN': 'vi', 'en-US': 'en-us' };

/** espeak-ng's Vietnamese accents; a centre picks the one its citizens hear every day. */
export const VIETNAMESE_VOICES = ['vi', 'vi-vn-x-central', 'vi-vn-x-south'] as const;
export type VietnameseVoice = (typeof VIETNAMESE_VOICES)[number];

export interface EspeakOptions {
  /** Executable; a full path on kiosks where PATH is minimal. */
  command?: string;
  /** Words per minute. espeak-ng's default of 175 is too fast for elderly listeners. */
  wordsPerMinute?: number;
  /** Northern (default), central or southern accent. */
  vietnameseVoice?: VietnameseVoice;
  timeoutMs?: number;
}

export interface Synthesis {
  wav: Buffer;
  /** Duration of the audio, from the WAV header: lets the renderer pace a queue without events. */
  durationMs: number;
}

/** Longest prompt accepted: a receipt read aloud is ~300 characters. */
export const MAX_SPEECH_CHARS = 1000;

export class EspeakSynthesizer {
  private readonly command: string;
  private readonly wpm: number;
  private readonly timeoutMs: number;
  private readonly voices: Record<SpeechLang, string>;
  private probed: Promise<boolean> | null = null;

  constructor(options: EspeakOptions = {}) {
    this.command = options.command ?? 'espeak-ng';
    this.wpm = Math.min(300, Math.max(80, Math.round(options.wordsPerMinute ?? 140)));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.voices = { ...VOICES, 'vi-VN': options.vietnameseVoice ?? 'vi' };
  }

  /** Whether espeak-ng runs here with the Vietnamese voice; probed once, then remembered. */
  available(): Promise<boolean> {
    this.probed ??= this.run(['--voices=vi'], '').then(
      (out) => out.toString('utf8').toLowerCase().includes(` ${this.voices['vi-VN']} `),
      () => false,
    );
    return this.probed;
  }

  async synthesize(text: string, lang: SpeechLang): Promise<Synthesis> {
    const clean = normaliseForSpeech(text);
    if (clean === '') throw new KioskError({ code: 'speech.empty', technicianMessage: 'nothing to say: the prompt is empty after normalisation' });
    if (clean.length > MAX_SPEECH_CHARS) {
      throw new KioskError({ code: 'speech.too-long', technicianMessage: `prompt of ${clean.length} characters exceeds ${MAX_SPEECH_CHARS}` });
    }
    // -b 1: input is UTF-8. --stdin reads the whole text; --stdout writes a WAV with its header.
    const wav = fixWavSizes(await this.run(['-v', this.voices[lang], '-s', String(this.wpm), '-b', '1', '--stdout', '--stdin'], clean));
    return { wav, durationMs: wavDurationMs(wav) };
  }

  private run(args: string[], input: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8').slice(0, 500)));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          new KioskError({
            code: 'speech.unavailable',
            technicianMessage: e.code === 'ENOENT' ? `${this.command} is not installed (apt-get install espeak-ng)` : `${this.command} failed to start: ${e.message}`,
            cause: e,
          }),
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve(Buffer.concat(out));
        reject(
          new KioskError({
            code: 'speech.failed',
            technicianMessage: signal ? `${this.command} killed (${signal}) after ${this.timeoutMs} ms` : `${this.command} exited ${code}: ${err.trim()}`,
            retryable: true,
          }),
        );
      });
      child.stdin.on('error', () => undefined); // EPIPE when the child dies early; 'close' reports it
      child.stdin.end(input, 'utf8');
    });
  }
}

/**
 * NFC (espeak-ng's Vietnamese rules expect precomposed letters; Telex input and some fonts give
 * decomposed ones), no control characters, whitespace collapsed.
 */
export function normaliseForSpeech(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * espeak-ng writing to a pipe cannot seek back, so its RIFF and data sizes are placeholders
 * (0x7ffff000). Some decoders then wait for audio that never comes: write the real sizes.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF') return wav;
  const out = Buffer.from(wav);
  out.writeUInt32LE(out.length - 8, 4);
  let offset = 12;
  while (offset + 8 <= out.length) {
    const id = out.toString('ascii', offset, offset + 4);
    const size = out.readUInt32LE(offset + 4);
    if (id === 'data') {
      out.writeUInt32LE(out.length - offset - 8, offset + 4);
      break;
    }
    offset += 8 + size + (size % 2);
  }
  return out;
}

/** Milliseconds of audio in a PCM WAV (RIFF), from its fmt and data chunks; 0 when unreadable. */
export function wavDurationMs(wav: Buffer): number {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return 0;
  let byteRate = 0;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 20 <= wav.length) byteRate = wav.readUInt32LE(offset + 8 + 8);
    if (id === 'data') {
      // espeak-ng streaming to stdout writes a placeholder size (0xFFFFFFFF or 0): use what arrived.
      const bytes = size === 0 || size === 0xffffffff || offset + 8 + size > wav.length ? wav.length - offset - 8 : size;
      return byteRate > 0 ? Math.round((bytes / byteRate) * 1000) : 0;
    }
    offset += 8 + size + (size % 2);
  }
  return 0;
}
