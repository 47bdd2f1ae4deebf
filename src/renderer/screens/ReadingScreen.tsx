// Runs in: renderer. Reading the chip takes a few seconds: say what is happening in plain words
// and keep the citizen from pulling the card.
import type { ReadStage } from '../../shared/contract';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const STAGE_TEXT: Record<ReadStage, MessageKey> = {
  access: 'reading.access',
  identity: 'reading.identity',
  photo: 'reading.photo',
  verify: 'reading.verify',
  done: 'reading.done',
};

export function ReadingScreen({ stage, percent }: { stage: ReadStage; percent: number }) {
  const { t } = useI18n();
  return (
    <section className="reading" role="status" aria-live="polite">
      <h1 className="screen-title">{t(STAGE_TEXT[stage])}</h1>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={t('reading.progressLabel')}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="screen-hint strong">{t('reading.keepCard')}</p>
    </section>
  );
}
