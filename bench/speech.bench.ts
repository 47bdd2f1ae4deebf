// Runs in: Node (bench). The offline voice (espeak-ng): time from a prompt to a playable WAV — the
// delay a citizen hears before the kiosk starts speaking when the browser has no Vietnamese voice —
// and how long the audio itself lasts (seconds of speech per second of synthesis).
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { EspeakSynthesizer } from '../src/core/speech/espeak';

const SHORT = 'Xin mời đặt thẻ Căn cước lên đầu đọc';
const RECEIPT =
  'Hồ sơ của ông bà đã được tiếp nhận. Mã hồ sơ: không không không, chấm, không không, chấm, không một, chấm, H hai hai, gạch, hai sáu một một hai ba, gạch, không không không một. Ngày hẹn trả kết quả: thứ sáu, ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu. Xin mời nhận giấy biên nhận ở khe máy in.';

const benchmark: Benchmark = {
  name: 'speech',
  description: 'offline voice (espeak-ng): prompt to WAV latency, real-time factor',
  async run() {
    const figures: BenchFigure[] = [];
    const espeak = new EspeakSynthesizer();
    if (!(await espeak.available())) {
      figures.push({ metric: 'offline voice', value: 0, unit: 'n/a', note: 'espeak-ng with the Vietnamese voice is not installed' });
      return figures;
    }
    const short = await timeRuns(() => espeak.synthesize(SHORT, 'vi-VN'), 20);
    figures.push({ metric: 'screen prompt to WAV, median of 20', value: round(median(short)), unit: 'ms', note: `"${SHORT}" (${SHORT.length} chars)` });
    figures.push({ metric: 'screen prompt to WAV, p99', value: round(percentile(short, 99)), unit: 'ms' });
    const receipt = await timeRuns(() => espeak.synthesize(RECEIPT, 'vi-VN'), 10);
    const audio = await espeak.synthesize(RECEIPT, 'vi-VN');
    figures.push({ metric: 'receipt announcement to WAV, median of 10', value: round(median(receipt)), unit: 'ms', note: `${RECEIPT.length} chars, ${round(audio.durationMs / 1000, 1)} s of speech, ${Math.round(audio.wav.length / 1024)} KiB WAV` });
    figures.push({ metric: 'real-time factor (speech seconds per synthesis second)', value: round(audio.durationMs / median(receipt), 1), unit: '×' });
    return figures;
  },
};

export default benchmark;
