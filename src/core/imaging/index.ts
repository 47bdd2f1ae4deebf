// Runs in: Node (engine). The image pipeline's public surface.
export { DEFAULT_MAX_PIXELS, openImage, probeImage, parsePnm, toGrey, type GreyImage, type ImageLimits, type ProbedImage } from './load';
export { estimateSkew, findDocumentBox, otsuThreshold, borderLevel, type Box, type SkewEstimate } from './analysis';
export { prepareImage, prepareGrey, compressPage, thumbnail, type PrepareOptions, type PreparedImage, type PreparedGrey, type CompressOptions, type CompressedPage, type Thumbnail } from './pipeline';
export { DEFAULT_CALIBRATION, prepareScannedPage, previewPng, type CalibratedPage } from './calibration';
