// Runs in: renderer. Scanner crop/deskew calibration: margins per edge in millimetres, deskew on/off
// with its maximum angle, crop to the document on/off; a test scan shows the page before and after;
// saving writes it to the config file.
import { useEffect, useState } from 'react';
import type { ScanCalibrationResult, ScannerCalibrationSettings } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

const SIDES = ['top', 'right', 'bottom', 'left'] as const;

function Stepper({ label, value, unit, onChange, min, max, step, less, more }: { label: string; value: number; unit: string; min: number; max: number; step: number; less: string; more: string; onChange: (v: number) => void }) {
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)) * 10) / 10;
  return (
    <div className="tech-stepper" role="group" aria-label={label}>
      <span className="tech-stepper-label">{label}</span>
      <button type="button" className="button-secondary tech-step" aria-label={less} disabled={value <= min} onClick={() => onChange(clamp(value - step))}>
        −
      </button>
      <output className="tech-value">
        {value} {unit}
      </output>
      <button type="button" className="button-secondary tech-step" aria-label={more} disabled={value >= max} onClick={() => onChange(clamp(value + step))}>
        +
      </button>
    </div>
  );
}

export function ScannerCalibrationPanel({ onAuthLost }: { onAuthLost: () => void }) {
  const { client } = useKiosk();
  const { t } = useI18n();
  const [draft, setDraft] = useState<ScannerCalibrationSettings | null>(null);
  const [state, setState] = useState<{ busy?: 'scan' | 'save'; result?: ScanCalibrationResult; error?: string; saved?: string }>({});

  const fail = (error: unknown) => {
    if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
    setState({ error: isKioskError(error) ? `${error.code}: ${error.technicianMessage}` : String(error) });
  };

  useEffect(() => {
    client.call('technician.scanCalibration', {}).then((r) => setDraft(r.calibration), fail);
  }, [client]);

  if (!draft) return null;
  const run = (save: boolean) => {
    setState({ busy: save ? 'save' : 'scan' });
    client.call('technician.scanCalibration', { calibration: draft, scan: !save, save }).then(
      (result) => setState(save ? { saved: t('technician.scanSaved', { file: result.savedTo ?? '' }) } : { result }),
      fail,
    );
  };
  const r = state.result;
  return (
    <section className="tech-panel" aria-labelledby="tech-scan-title" data-testid="tech-scan-calibration">
      <h2 id="tech-scan-title">{t('technician.scanTitle')}</h2>
      <p className="tech-setting-label">{t('technician.margins')}</p>
      <div className="tech-steppers">
        {SIDES.map((side) => (
          <Stepper
            key={side}
            label={t(`technician.side.${side}`)}
            value={draft.marginMm[side]}
            unit="mm"
            min={0}
            max={50}
            step={1}
            less={t('technician.less', { side: t(`technician.sideLower.${side}`) })}
            more={t('technician.more', { side: t(`technician.sideLower.${side}`) })}
            onChange={(v) => setDraft({ ...draft, marginMm: { ...draft.marginMm, [side]: v } })}
          />
        ))}
      </div>
      <div className="tech-setting" role="group" aria-label={t('technician.deskew')}>
        <span className="tech-setting-label">{t('technician.deskew')}</span>
        <button type="button" className="button-secondary" aria-pressed={draft.deskew} onClick={() => setDraft({ ...draft, deskew: true })}>
          {t('technician.on')}
        </button>
        <button type="button" className="button-secondary" aria-pressed={!draft.deskew} onClick={() => setDraft({ ...draft, deskew: false })}>
          {t('technician.off')}
        </button>
      </div>
      {draft.deskew ? (
        <Stepper label={t('technician.maxDeskew')} value={draft.maxDeskewDeg} unit="°" min={0.5} max={15} step={0.5} less={`${t('technician.maxDeskew')} −`} more={`${t('technician.maxDeskew')} +`} onChange={(v) => setDraft({ ...draft, maxDeskewDeg: v })} />
      ) : null}
      <div className="tech-setting" role="group" aria-label={t('technician.autoCrop')}>
        <span className="tech-setting-label">{t('technician.autoCrop')}</span>
        <button type="button" className="button-secondary" aria-pressed={draft.autoCrop} onClick={() => setDraft({ ...draft, autoCrop: true })}>
          {t('technician.on')}
        </button>
        <button type="button" className="button-secondary" aria-pressed={!draft.autoCrop} onClick={() => setDraft({ ...draft, autoCrop: false })}>
          {t('technician.off')}
        </button>
      </div>
      <div className="tech-actions">
        <button type="button" className="button-secondary" disabled={state.busy !== undefined} onClick={() => run(false)}>
          {state.busy === 'scan' ? t('technician.scanning') : t('technician.scanTry')}
        </button>
        <button type="button" className="button-primary" disabled={state.busy !== undefined} onClick={() => run(true)}>
          {state.busy === 'save' ? t('technician.saving') : t('technician.scanSave')}
        </button>
      </div>
      {r?.before && r.after ? (
        <div className="tech-before-after" data-testid="tech-scan-result">
          {[r.before, r.after].map((src, i) => (
            <figure key={i}>
              <img src={src} alt={t(i === 0 ? 'technician.before' : 'technician.after')} />
              <figcaption>{t(i === 0 ? 'technician.before' : 'technician.after')}</figcaption>
            </figure>
          ))}
          <dl className="tech-figures">
            {Object.entries(r.figures).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {state.saved ? (
        <p role="status" data-testid="tech-scan-saved">
          {state.saved}
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
