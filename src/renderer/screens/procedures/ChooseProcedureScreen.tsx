// Runs in: renderer. "What do you need to do?": big buttons grouped by sector, and a search box
// typed on the on-screen Telex keyboard that ignores diacritics ("khai tu" finds "Khai tử"); in
// English the names, sectors and explanations are English and English words find them too.
import { useEffect, useMemo, useState } from 'react';
import { useScrollToTop } from './scroll';
import type { ProcedureEntry } from '../../../shared/contract';
import { SectorIcon } from '../../components/SectorIcon';
import { VietKeyboard } from '../../components/keyboard/VietKeyboard';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';
import './procedures.css';

export function ChooseProcedureScreen({ onChoose, onCancel, error }: { onChoose: (id: string) => void; onCancel: () => void; error?: string }) {
  const { client } = useKiosk();
  const { t, pick, lang } = useI18n();
  useScrollToTop();
  const [query, setQuery] = useState('');
  const [typing, setTyping] = useState(false);
  const [entries, setEntries] = useState<ProcedureEntry[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      client.call('procedures.search', { query }).then(
        (found) => {
          if (stale) return;
          setEntries(found);
          setFailed(false);
        },
        () => !stale && setFailed(true),
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, query]);

  // Grouped by the Vietnamese sector (the stable key), titled in the visit's language.
  const bySector = useMemo(() => {
    const out = new Map<string, { sector: ProcedureEntry['sector']; icon: ProcedureEntry['icon']; list: ProcedureEntry[] }>();
    for (const e of entries ?? []) out.set(e.sector.vi, { sector: e.sector, icon: e.icon, list: [...(out.get(e.sector.vi)?.list ?? []), e] });
    return [...out.entries()];
  }, [entries]);

  const button = (e: ProcedureEntry) => (
    <button key={e.id} type="button" className={`proc-button ${e.kind === 'group' ? 'proc-group' : ''}`} data-procedure={e.id} onClick={() => onChoose(e.id)}>
      <span className="proc-name">
        <SectorIcon icon={e.icon} />
        <span>{pick(e.name)}</span>
      </span>
      {e.explanation ? <span className="proc-explain">{pick(e.explanation)}</span> : null}
    </button>
  );

  return (
    <section className="proc-screen" aria-labelledby="choose-title">
      <h1 id="choose-title" className="screen-title">{t('choose.title')}</h1>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {failed ? <p className="field-error" role="alert">{t('choose.loadFailed')}</p> : null}
      <div className="proc-search">
        <label htmlFor="proc-search-input" className="proc-search-label">{t('choose.searchLabel')}</label>
        <input
          id="proc-search-input"
          className="proc-input"
          value={query}
          placeholder={t('choose.searchPlaceholder')}
          inputMode="none"
          onFocus={() => setTyping(true)}
          onChange={(e) => setQuery(e.target.value)}
        />
        {query ? (
          <button type="button" className="button-secondary" onClick={() => setQuery('')}>
            {t('choose.clearSearch')}
          </button>
        ) : null}
      </div>
      <div className="proc-list" data-testid="procedure-list">
        {query.trim() ? (
          entries && entries.length === 0 ? (
            <p className="screen-hint strong">{t('choose.nothingFound')}</p>
          ) : (
            <div className="proc-grid">{(entries ?? []).map(button)}</div>
          )
        ) : (
          bySector.map(([key, { sector, icon, list }]) => (
            <div key={key} className="proc-sector">
              <h2 className="proc-sector-title">
                <SectorIcon icon={icon} />
                <span>{pick(sector)}</span>
              </h2>
              <div className="proc-grid">{list.map(button)}</div>
            </div>
          ))
        )}
      </div>
      {/* Stays in view at the foot of the screen while the list scrolls: a way out must never be
          below the fold. While the keyboard is docked there, the keyboard's own button comes first. */}
      <div className={typing ? 'actions' : 'actions proc-bottom'}>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.finish')}
        </button>
      </div>
      {/* Docked at the bottom so the results stay in view above it while the citizen types. */}
      {typing ? (
        <div className="proc-dock">
          {/* In English, accents start off: Telex would turn "birth" into "bỉth" (the search ignores accents anyway). */}
          <VietKeyboard value={query} onChange={setQuery} onEnter={() => setTyping(false)} enterLabel={t('choose.hideKeyboard')} maxLength={100} telex={lang === 'vi'} />
        </div>
      ) : null}
    </section>
  );
}
