// Runs in: Node (engine). What the screen says when a ticket or receipt has not come out of the
// printer, in both of the kiosk's languages. The printer driver words its alarms in Vietnamese
// (hardware/printer/status.ts); the English here follows its codes. The paper stays Vietnamese.
import type { PrinterAlarm, PrinterAlarmCode } from '../../../hardware/printer/status';
import type { LocalizedText } from '../../shared/contract/text';

/** For the citizen at the screen (the driver's `citizenMessage`); warnings have none. */
const CITIZEN_EN: Record<PrinterAlarmCode, string> = {
  'printer.paper-out': 'The printer is out of paper. A staff member will help you shortly; please wait.',
  'printer.cover-open': 'The printer is paused. A staff member will help you shortly; please wait.',
  'printer.paper-near-end': '',
  'printer.offline': 'The printer is not working. A staff member will help you; please wait.',
  'printer.error': 'The printer has a problem. A staff member will help you; please wait.',
  'printer.job-uncertain': '',
};

/** For staff (the driver's `staffMessage`): the same words as resources/i18n `alarms.printer.*`. */
const STAFF_EN: Record<PrinterAlarmCode, string> = {
  'printer.paper-out': 'The printer is out of paper. Please load a new roll; the slip being printed will be printed again, exactly once.',
  'printer.cover-open': 'The printer cover is open. Please close it; the slip being printed will be printed again, exactly once.',
  'printer.paper-near-end': 'The printer paper is running low. Please have a new roll ready.',
  'printer.offline': 'The printer cannot be reached. Please check its power and cable.',
  'printer.error': 'The printer reports a fault (cutter or mechanism). Please switch the printer off and on again.',
  'printer.job-uncertain': 'It is not known whether a slip finished printing (the kiosk stopped suddenly). Please check, and choose to reprint if the citizen did not get the slip.',
};

const NOT_PRINTED_CITIZEN: LocalizedText = { vi: 'Máy in chưa in được phiếu.', en: 'The printer could not print your ticket yet.' };
const NOT_PRINTED_STAFF: LocalizedText = { vi: 'Máy in chưa in xong.', en: 'The printer has not finished printing.' };

/** Why the citizen's ticket has not come out: the printer's alarm, or a plain "not yet". */
export function printerCitizenText(alarm: Pick<PrinterAlarm, 'code' | 'citizenMessage'> | undefined): LocalizedText {
  if (!alarm?.citizenMessage) return NOT_PRINTED_CITIZEN;
  return { vi: alarm.citizenMessage, en: CITIZEN_EN[alarm.code] || NOT_PRINTED_CITIZEN.en };
}

/** Why a staff reprint has not come out, with what to do. */
export function printerStaffText(alarm: Pick<PrinterAlarm, 'code' | 'staffMessage'> | undefined): LocalizedText {
  if (!alarm?.staffMessage) return NOT_PRINTED_STAFF;
  return { vi: alarm.staffMessage, en: STAFF_EN[alarm.code] || NOT_PRINTED_STAFF.en };
}

/** Sentences one after the other, in each language. */
export function joinText(...parts: LocalizedText[]): LocalizedText {
  return { vi: parts.map((p) => p.vi).join(' '), en: parts.map((p) => p.en).join(' ') };
}

/** Every English note this file can give (for the completeness test). */
export const PRINT_NOTES_EN = { citizen: CITIZEN_EN, staff: STAFF_EN, notPrinted: [NOT_PRINTED_CITIZEN.en, NOT_PRINTED_STAFF.en] };
