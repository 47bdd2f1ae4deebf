// Runs in: renderer. The config file in a text area: the engine validates the whole file before
// writing (atomically, old file kept as a dated .bak) and names every bad key when it refuses.
import { useState } from 'react';
import type { ConfigSaved } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

export function ConfigEditor({ onAuthLost }: { onAuthLost: () => void }) {
  const { client } = useKiosk();
  const { t } = useI18n();
  const [open, setOpen] = useState<{ file: string | null; text: string } | null>(null);
  const [state, setState] = useState<{ busy?: boolean; saved?: ConfigSaved; error?: string; invalid?: string }>({});

  const fail = (error: unknown) => {
    if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
    if (isKioskError(error) && (error.code === 'config.invalid' || error.code === 'config.syntax')) setState({ invalid: error.technicianMessage });
    else setState({ error: isKioskError(error) ? `${error.code}: ${error.technicianMessage}` : String(error) });
  };

  const toggle = () => {
    if (open) {
      setOpen(null);
      setState({});
      return;
    }
    client.call('technician.configSource', {}).then(({ file, yaml }) => setOpen({ file, text: yaml }), fail);
  };

  const save = () => {
    if (!open) return;
    setState({ busy: true });
    client.call('technician.configSave', { yaml: open.text }).then((saved) => setState({ saved }), fail);
  };

  return (
    <section className="tech-panel" aria-labelledby="tech-config-title">
      <h2 id="tech-config-title" className="visually-hidden">
        {t('technician.configEdit')}
      </h2>
      <button type="button" className="button-secondary" onClick={toggle} aria-expanded={open !== null}>
        {open ? t('technician.configClose') : t('technician.configEdit')}
      </button>
      {open ? (
        <>
          <p className="tech-detail">{open.file ? t('technician.configFile', { file: open.file }) : t('technician.configNoFile')}</p>
          <textarea
            className="tech-config tech-config-edit"
            data-testid="tech-config-edit"
            aria-label={t('technician.configEdit')}
            spellCheck={false}
            rows={18}
            value={open.text}
            readOnly={open.file === null}
            onChange={(e) => {
              setOpen({ ...open, text: e.target.value });
              setState({});
            }}
          />
          {open.file ? (
            <button type="button" className="button-primary" disabled={state.busy === true} onClick={save}>
              {state.busy ? t('technician.saving') : t('technician.configSave')}
            </button>
          ) : null}
        </>
      ) : null}
      {state.invalid ? (
        <div className="tech-invalid" role="alert" data-testid="tech-config-invalid">
          <p>{t('technician.configInvalid')}</p>
          <pre>{state.invalid}</pre>
        </div>
      ) : null}
      {state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.saved ? (
        <div role="status" data-testid="tech-config-saved">
          <p>{t('technician.configSaved', { backup: state.saved.backup })}</p>
          {state.saved.appliedNow.length ? <p>{t('technician.configApplied', { keys: state.saved.appliedNow.join(', ') })}</p> : null}
          {state.saved.restartRequired ? <p className="tech-restart">{t('technician.configRestart')}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
