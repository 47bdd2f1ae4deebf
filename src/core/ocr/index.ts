// Runs in: Node (engine). OCR's public surface: MRZ (templates, no Tesseract) and card front / page
// text (tesseract.js worker pool).
export { readMrz, recogniseMrz, decodeMrz, type MrzReadResult, type MrzRepair, type MrzLayout } from './mrz-reader';
export { OcrPool, PSM, type OcrPoolOptions, type OcrJobParams, type OcrLine, type OcrPageResult } from './pool';
export { readIdFront, parseIdFrontLines, fold, type IdFrontResult, type IdFrontFields, type OcrField } from './front';
export { resolveTessdataDir, TESSDATA_CANDIDATES } from './tessdata';
