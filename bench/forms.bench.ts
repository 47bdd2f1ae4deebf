// Runs in: Node (bench). Forms engine: catalogue load, draft edit + validate (target ≤ 5 ms per
// edit), declaration PDF render (target ≤ 200 ms), appointment date and procedure search.
import { applyAnswers, applyEdit as applyEditForBench, appointmentDate, autofill, createDraft, loadCatalogue, loadHolidays, renderDeclarationPdf, searchProcedures, validateDraft } from '../src/core/forms';
import { SAMPLE_ANSWERS, SAMPLE_DOCUMENTS, SAMPLE_IDENTITY, SAMPLE_TODAY } from '../src/core/forms/fixtures';
import { loadAdminUnits } from '../src/core/validation/load-admin-units';
import { median, percentile, round, timeRuns, type Benchmark } from './harness';

const benchmark: Benchmark = {
  name: 'forms',
  description: 'procedure catalogue load, draft edit+validate, declaration PDF render, appointment date, search',
  async run() {
    const load = await timeRuns(() => loadCatalogue(), 10, 1);
    const catalogue = loadCatalogue();
    const adminUnits = loadAdminUnits();
    const id = 'lien-thong-khai-sinh';
    let draft = createDraft(catalogue, id);
    for (const [p, v] of Object.entries(SAMPLE_ANSWERS[id]!)) draft = applyEditForBench(catalogue, draft, p, v);
    draft = autofill(catalogue, draft, { identity: SAMPLE_IDENTITY, documents: SAMPLE_DOCUMENTS, adminUnits });
    // One citizen keystroke: apply the edit, then validate the whole three-member draft.
    const names = ['Lê Đức Lợi', 'Lê Đức Lộc', 'Lê Đức Lực'];
    let n = 0;
    const edit = await timeRuns(() => {
      draft = applyEditForBench(catalogue, draft, 'child.fullName', names[n++ % names.length]!);
      validateDraft(catalogue, draft, { adminUnits, today: SAMPLE_TODAY });
    }, 500, 20);
    const pdf = await timeRuns(() => renderDeclarationPdf(catalogue, draft, 'khai-sinh', { adminUnits, today: SAMPLE_TODAY }), 20, 2);
    const cal = loadHolidays();
    const due = await timeRuns(() => appointmentDate(new Date('2026-02-13T03:00:00Z'), { workingDays: 10 }, cal), 1000, 10);
    const search = await timeRuns(() => searchProcedures(catalogue, 'dang ky khai sinh'), 1000, 10);
    const units = await timeRuns(() => adminUnits.parseAddress('Thôn Đông, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội'), 1000, 10);
    // CT01 with item 11 full (20 household members): one keystroke in a row, then the whole draft validated.
    const ct01 = 'thay-doi-thong-tin-cu-tru';
    const members: Record<string, string> = {};
    for (let i = 0; i < 20; i++) {
      Object.assign(members, { [`members[${i}].fullName`]: 'Lê Thị Ợn', [`members[${i}].dateOfBirth`]: '05/06/2015', [`members[${i}].sex`]: 'female', [`members[${i}].personalId`]: '001315006789', [`members[${i}].relationshipToHead`]: 'Con' });
    }
    let rowsDraft = autofill(catalogue, applyAnswers(catalogue, createDraft(catalogue, ct01), { ...SAMPLE_ANSWERS[ct01]!, ...members }), { identity: SAMPLE_IDENTITY, adminUnits });
    let k = 0;
    const rowEdit = await timeRuns(() => {
      rowsDraft = applyEditForBench(catalogue, rowsDraft, `members[${k % 20}].fullName`, names[k++ % names.length]!);
      validateDraft(catalogue, rowsDraft, { adminUnits, today: SAMPLE_TODAY });
    }, 500, 20);
    return [
      { metric: 'catalogue load (11 files, parse + validate), median', value: round(median(load)), unit: 'ms', note: '10 runs after 1 warm-up' },
      { metric: 'edit + validate 3-in-1 birth draft, median', value: round(median(edit), 3), unit: 'ms', note: '500 edits; target ≤ 5 ms' },
      { metric: 'edit + validate 3-in-1 birth draft, p95', value: round(percentile(edit, 95), 3), unit: 'ms' },
      { metric: 'edit + validate CT01 with 20 member rows, median', value: round(median(rowEdit), 3), unit: 'ms', note: '500 edits; target ≤ 5 ms' },
      { metric: 'declaration PDF render (birth, whole DejaVu Sans), median', value: round(median(pdf)), unit: 'ms', note: '20 runs after 2 warm-ups; target ≤ 200 ms' },
      { metric: 'declaration PDF render, p95', value: round(percentile(pdf, 95)), unit: 'ms' },
      { metric: 'appointment date (10 working days over Tết), median', value: round(median(due), 4), unit: 'ms' },
      { metric: 'search "dang ky khai sinh", median', value: round(median(search), 4), unit: 'ms' },
      { metric: 'parse old chip address → 2025 commune, median', value: round(median(units), 4), unit: 'ms' },
    ];
  },
};

export default benchmark;
