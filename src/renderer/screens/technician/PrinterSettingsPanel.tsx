// Runs in: renderer. Printer darkness (-6..+6 steps of 5 %) and cut, applied by the engine to the
// next ticket and saved to the config file; a test page to check the result on paper.
import { useEffect, useState } from 'react';
import type { DeviceTestResult, PrinterSettings } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

const CUTS = ['full', 'partial', 'none'] as const;

export function PrinterSettingsPanel({ onAuthLost }: { onAuthLost: () => void }) {
  const { client } = useKiosk();
  const { t } = useI18n();
  const [saved, setSaved] = useState<PrinterSettings | null>(null);
  const [draft, setDraft] = useState<PrinterSettings | null>(null);
  const [state, setState] = useState<{ busy?: boolean; message?: string; error?: string; test?: DeviceTestResult; testing?: boolean }>({});

  const fail = (error: unknown) => {
    if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
    setState({ error: isKioskError(error) ? `${error.code}: ${error.technicianMessage}` : String(error) });
  };

  useEffect(() => {
    client.call('technician.printerSettings', {}).then(({ darkness, cut }) => {
      setSaved({ darkness, cut });
      setDraft({ darkness, cut });
    }, fail);
  }, [client]);

  if (!draft) {
    return state.error ? (
      <section className="tech-panel" aria-labelledby="tech-printer-title">
        <h2 id="tech-printer-title">{t('technician.printerTitle')}</h2>
        <p className="field-error" role="alert">
          {state.error}
        </p>
      </section>
    ) : null;
  }
  const step = (d: number) => {
    const now = draft.darkness ?? 0;
    setDraft({ ...draft, darkness: Math.max(-6, Math.min(6, now + d)) });
  };
  const changed = saved !== null && (saved.darkness !== draft.darkness || saved.cut !== draft.cut);
  const save = () => {
    setState({ busy: true });
    client.call('technician.printerSettings', { darkness: draft.darkness, cut: draft.cut }).then(({ darkness, cut, savedTo }) => {
      setSaved({ darkness, cut });
      setState({ message: savedTo ? t('technician.applied', { file: savedTo }) : t('technician.appliedNotSaved') });
    }, fail);
  };
  const testPage = () => {
    setState((s) => ({ ...s, testing: true }));
    client.call('technician.deviceTest', { device: 'printer' }).then((test) => setState((s) => ({ ...s, testing: false, test })), fail);
  };

  return (
    <section className="tech-panel" aria-labelledby="tech-printer-title" data-testid="tech-printer-settings">
      <h2 id="tech-printer-title">{t('technician.printerTitle')}</h2>
      <div className="tech-setting" role="group" aria-labelledby="tech-darkness-label">
        <span id="tech-darkness-label" className="tech-setting-label">
          {t('technician.darkness')}
        </span>
        <button type="button" className="button-secondary tech-step" onClick={() => step(-1)} disabled={draft.darkness === -6}>
          − {t('technician.lighter')}
        </button>
        <output className="tech-value" data-testid="tech-darkness" aria-live="polite">
          {draft.darkness === null ? t('technician.printerDefault') : `${draft.darkness > 0 ? '+' : ''}${draft.darkness} (${100 + 5 * draft.darkness} %)`}
        </output>
        <button type="button" className="button-secondary tech-step" onClick={() => step(1)} disabled={draft.darkness === 6}>
          + {t('technician.darker')}
        </button>
        <button type="button" className="button-secondary" aria-pressed={draft.darkness === null} onClick={() => setDraft({ ...draft, darkness: null })}>
          {t('technician.printerDefault')}
        </button>
      </div>
      <div className="tech-setting" role="group" aria-labelledby="tech-cut-label">
        <span id="tech-cut-label" className="tech-setting-label">
          {t('technician.cut')}
        </span>
        {CUTS.map((c) => (
          <button key={c} type="button" className={`button-secondary tech-choice${draft.cut === c ? ' chosen' : ''}`} aria-pressed={draft.cut === c} onClick={() => setDraft({ ...draft, cut: c })}>
            {t(`technician.cutLabel.${c}`)}
          </button>
        ))}
        <button type="button" className={`button-secondary tech-choice${draft.cut === null ? ' chosen' : ''}`} aria-pressed={draft.cut === null} onClick={() => setDraft({ ...draft, cut: null })}>
          {t('technician.printerDefault')}
        </button>
      </div>
      <div className="tech-actions">
        <button type="button" className="button-primary" disabled={!changed || state.busy === true} onClick={save}>
          {state.busy ? t('technician.saving') : t('technician.saveApply')}
        </button>
        <button type="button" className="button-secondary" disabled={state.testing === true} onClick={testPage}>
          {state.testing ? t('technician.testing') : t('technician.testPage')}
        </button>
      </div>
      {state.message ? (
        <p role="status" data-testid="tech-printer-saved">
          {state.message}
        </p>
      ) : null}
      {state.test ? (
        <p role="status" className={state.test.ok ? 'tech-ok' : 'tech-bad'} data-testid="tech-printer-test">
          {state.test.ok ? `✓ ${t('technician.testOk')}` : `✗ ${t('technician.testFailed')}`} — {state.test.detail}
        </p>
      ) : null}
      {state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
    </section>
  );
}
