// Runs in: renderer. The picture of a procedure category. Drawn as simple, thick line pictures
// (no emoji: their look changes between systems and some are missing on old fonts), in the text's
// own colour so contrast follows the button. Decorative: the category's name is always beside it.
import type { ReactElement } from 'react';
import type { SectorIcon as SectorIconName } from '../../shared/contract';

const SHAPES: Record<SectorIconName, ReactElement> = {
  // Two parents and a child: births, deaths, marriages.
  'civil-status': (
    <>
      <circle cx="12" cy="12" r="5" />
      <circle cx="36" cy="12" r="5" />
      <circle cx="24" cy="28" r="3.5" />
      <path d="M4 42V30a8 8 0 0 1 16 0M28 30a8 8 0 0 1 16 0v12M18 44v-4a6 6 0 0 1 12 0v4" />
    </>
  ),
  // A house: where one lives.
  residence: (
    <>
      <path d="M5 23 24 7l19 16" />
      <path d="M10 19v23h28V19" />
      <path d="M20 42V30h8v12" />
    </>
  ),
  // A shield with a cross: health insurance.
  'health-insurance': (
    <>
      <path d="M24 5 8 11v11c0 10 7 18 16 21 9-3 16-11 16-21V11z" />
      <path d="M24 16v14M17 23h14" />
    </>
  ),
  // A heart held in an open hand: help and allowances.
  'social-protection': (
    <>
      <path d="M24 26c-6-4-10-7-10-11a5 5 0 0 1 10-2 5 5 0 0 1 10 2c0 4-4 7-10 11z" />
      <path d="M4 34h9l8 4h10a3 3 0 0 0 0-6h-7M31 36l10-5a3 3 0 0 1 3 5l-13 8H4" />
    </>
  ),
  // Scales: courts and records.
  justice: (
    <>
      <path d="M24 6v36M14 42h20M10 12h28" />
      <path d="M10 12 4 26a6 6 0 0 0 12 0zM38 12l-6 14a6 6 0 0 0 12 0z" />
    </>
  ),
  // A shop with an awning: a household business.
  business: (
    <>
      <path d="M6 8h36l3 10H3z" />
      <path d="M3 18a7 7 0 0 0 14 0 7 7 0 0 0 14 0 7 7 0 0 0 14 0" />
      <path d="M8 24v18h32V24M19 42V31h10v11" />
    </>
  ),
  // A page with lines: any other paperwork.
  document: (
    <>
      <path d="M11 4h18l9 9v31H11z" />
      <path d="M29 4v9h9M17 22h15M17 29h15M17 36h10" />
    </>
  ),
};

/** Sized by the surrounding text (CSS `.sector-icon`), so it grows with the kiosk's text size. */
export function SectorIcon({ icon }: { icon: SectorIconName }) {
  return (
    <svg
      className="sector-icon"
      data-icon={icon}
      viewBox="0 0 48 48"
      fill="none"
      stroke="currentColor"
      strokeWidth={3.2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[icon] ?? SHAPES.document}
    </svg>
  );
}
