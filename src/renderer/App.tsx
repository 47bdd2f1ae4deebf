// Runs in: renderer. The screen state machine. Personal data lives only inside the current
// screen's state: returning to the attract screen replaces it, so nothing of the citizen remains.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentsView, DossierSubmitted, DossierTimeline, DraftView, Identity, ProcedureReview, QueueTicket, ReadStage } from '../shared/contract';
import { useI18n } from './i18n/I18nProvider';
import type { MessageKey } from './i18n/messages';
import { translate } from './i18n/messages';
import { useKiosk } from './kiosk-context';
import { AttractScreen } from './screens/AttractScreen';
import { EnterIdScreen } from './screens/EnterIdScreen';
import { IdentityScreen } from './screens/IdentityScreen';
import { ReadingScreen } from './screens/ReadingScreen';
import { ThanksScreen } from './screens/ThanksScreen';
import { ChooseProcedureScreen } from './screens/procedures/ChooseProcedureScreen';
import { FormScreen } from './screens/procedures/FormScreen';
import { ReviewScreen } from './screens/procedures/ReviewScreen';
import { DocumentsScreen } from './screens/procedures/DocumentsScreen';
import { SubmittedScreen } from './screens/procedures/SubmittedScreen';
import { QueueServiceScreen } from './screens/QueueServiceScreen';
import { QueueTicketScreen } from './screens/QueueTicketScreen';
import { TrackingAskScreen, TrackingResultScreen } from './screens/TrackingScreen';
import { ConnectionOverlay } from './components/ConnectionOverlay';
import { AlarmStrip } from './components/alarms/AlarmStrip';
import { PrivilegedModes } from './screens/staff/PrivilegedModes';
import { IdleWarning } from './components/idle/IdleWarning';
import { useIdleTimer } from './components/idle/useIdleTimer';
import { Captions } from './components/speech/SpeakButton';
import { clearSpeech } from './components/speech/speech';
import { useScreenVoice } from './components/speech/ScreenVoice';
import { TextSizeButton, useTextSize } from './components/text-size/TextSizeButton';

/** A citizen who stops touching the screen is warned after this long… */
const IDLE_MS = 90_000;
/** …and has this long (WCAG 2.2.1: at least 20 s) to ask for more time before everything is wiped. */
const IDLE_WARNING_MS = 30_000;
/** Screens with no citizen data, or where the kiosk (not the citizen) is busy. */
const NO_IDLE_TIMER = new Set(['attract', 'reading', 'queue-busy']);
/**
 * Journeys that never read the card: taking the card away (late, after "Xong") must not throw a
 * citizen out of a queue ticket or a dossier lookup they have just started.
 */
const CARD_FREE_SCREENS = new Set(['attract', 'queue-services', 'queue-busy', 'queue-ticket', 'tracking', 'tracking-result']);
/** Screens that ask the citizen to take the card: leaving then is the journey's normal end. */
const DONE_SCREENS = new Set(['procedure-submitted', 'thanks']);
/** Shown on the start screen when the card left mid-journey; plain words, no blame. */
const CARD_REMOVED_NOTICE: MessageKey = 'app.cardRemovedNotice';
/** Long enough to be read slowly, short enough not to greet the next citizen. */
const NOTICE_MS = 20_000;

/**
 * What went wrong, kept as its cause rather than as words: the words are chosen when the screen is
 * drawn, so a citizen who switches language after a failure reads it in the language they chose.
 */
type ScreenError = { cause: unknown; fallback: MessageKey } | { key: MessageKey } | { raw: string };

type Screen =
  | { name: 'attract'; notice?: MessageKey }
  | { name: 'enter-id'; error?: ScreenError }
  | { name: 'reading'; stage: ReadStage; percent: number }
  | { name: 'identity'; identity: Identity }
  | { name: 'thanks' }
  | { name: 'procedures'; error?: ScreenError }
  | { name: 'procedure-form'; draft: DraftView }
  | { name: 'procedure-documents'; review: Extract<ProcedureReview, { ready: true }>; draft: DraftView; view: DocumentsView }
  | { name: 'procedure-review'; review: Extract<ProcedureReview, { ready: true }>; draft: DraftView; error?: ScreenError; scanned?: string[] }
  | { name: 'procedure-busy'; text: MessageKey }
  | { name: 'procedure-submitted'; result: DossierSubmitted }
  | { name: 'queue-services'; error?: ScreenError }
  | { name: 'queue-busy' }
  | { name: 'queue-ticket'; ticket: QueueTicket }
  | { name: 'tracking'; error?: ScreenError; busy?: boolean }
  | { name: 'tracking-result'; timeline: DossierTimeline };

function ReadingScreenLike({ text }: { text: string }) {
  return (
    <section className="reading" role="status" aria-live="polite">
      <h1 className="screen-title">{text}</h1>
    </section>
  );
}

export function App() {
  const { client, info } = useKiosk();
  const { t, errorText, lang, setLang, resetLang, speechLang } = useI18n();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const screenRef = useRef(screen);
  screenRef.current = screen;

  useEffect(() => {
    const offs = [
      client.on('card.inserted', () => setScreen((s) => (s.name === 'attract' ? { name: 'enter-id' } : s))),
      client.on('card.removed', () =>
        setScreen((s) => (CARD_FREE_SCREENS.has(s.name) ? s : { name: 'attract', notice: DONE_SCREENS.has(s.name) ? undefined : CARD_REMOVED_NOTICE })),
      ),
      // Whatever ended the session, nothing of the citizen stays on screen (an attract screen
      // already showing, with its notice, is kept: the engine ends the session right after the
      // card leaves).
      client.on('session.ended', ({ reason }) =>
        setScreen((s) =>
          s.name === 'attract' ? s : { name: 'attract', notice: reason === 'card-removed' && !DONE_SCREENS.has(s.name) ? CARD_REMOVED_NOTICE : undefined },
        ),
      ),
      client.on('identity.progress', ({ stage, percent }) => setScreen((s) => (s.name === 'reading' ? { name: 'reading', stage, percent } : s))),
    ];
    return () => offs.forEach((off) => off());
  }, [client]);

  const endSession = useCallback(
    (reason: 'finished' | 'cancelled' | 'timeout') => {
      setScreen({ name: 'attract' });
      clearSpeech();
      client.call('session.end', { reason }).catch(() => undefined);
    },
    [client],
  );

  const idle = useIdleTimer({
    idleMs: IDLE_MS,
    warningMs: IDLE_WARNING_MS,
    enabled: !NO_IDLE_TIMER.has(screen.name),
    onExpire: () => endSession('timeout'),
  });
  const { reset: resetIdle } = idle;
  const notice = screen.name === 'attract' ? screen.notice : undefined;
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setScreen((s) => (s.name === 'attract' && s.notice ? { name: 'attract' } : s)), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  // Every new screen is a fresh start for the timer.
  useEffect(() => resetIdle(), [screen.name, resetIdle]);

  // Each screen's prompt is read aloud when it appears, and again when an error is shown on it.
  const say = (e: ScreenError | undefined): string | undefined =>
    e === undefined ? undefined : 'raw' in e ? e.raw : 'key' in e ? t(e.key) : errorText(e.cause, e.fallback);
  useScreenVoice(`${screen.name}|${'stage' in screen ? screen.stage : ''}|${'error' in screen ? (say(screen.error) ?? '') : ''}|${lang}`, '.kiosk-main', speechLang);
  const textSize = useTextSize();
  const { reset: resetTextSize } = textSize;
  // A visit that ends (back to the start screen) takes its language and text size choices with it.
  useEffect(() => {
    if (screen.name !== 'attract') return;
    resetLang();
    resetTextSize();
  }, [screen.name, resetLang, resetTextSize]);

  const readCard = useCallback(
    (idNumber: string) => {
      setScreen({ name: 'reading', stage: 'access', percent: 0 });
      client.call('identity.readCard', { idNumber }).then(
        (identity) => setScreen((s) => (s.name === 'reading' ? { name: 'identity', identity } : s)),
        (error: unknown) =>
          setScreen((s) =>
            s.name === 'reading' ? { name: 'enter-id', error: { cause: error, fallback: 'app.readCardFailed' } } : s,
          ),
      );
    },
    [client, t, errorText],
  );

  const lookupDossier = useCallback(
    (code: string) => {
      setScreen({ name: 'tracking', busy: true });
      client.call('dossier.lookup', { code }).then(
        (timeline) => setScreen({ name: 'tracking-result', timeline }),
        (error: unknown) => setScreen({ name: 'tracking', error: { cause: error, fallback: 'app.lookupFailed' } }),
      );
    },
    [client, t, errorText],
  );

  // The QR on the card's front carries the 12-digit ID: scanning it replaces typing it.
  useEffect(() => {
    const offs = [
      client.on('scan.cccd', ({ idNumber }) => {
        if (screenRef.current.name === 'enter-id') readCard(idNumber);
      }),
      client.on('scan.unknown', ({ message: engineText }) => {
        // The engine's one sentence for an unrecognised code, in the visit's language.
        const message: ScreenError = engineText === translate('vi', 'app.scanUnknown') ? { key: 'app.scanUnknown' } : { raw: engineText };
        if (screenRef.current.name === 'enter-id') setScreen({ name: 'enter-id', error: message });
        if (screenRef.current.name === 'tracking') setScreen({ name: 'tracking', error: message });
      }),
      // A receipt QR shown to the scanner, from the start screen or the lookup screen: its progress.
      client.on('scan.receipt', ({ dossierCode }) => {
        if (['attract', 'tracking', 'tracking-result', 'queue-services'].includes(screenRef.current.name)) lookupDossier(dossierCode);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, readCard, lookupDossier, t]);

  const takeTicket = useCallback(
    (serviceCode: string) => {
      setScreen({ name: 'queue-busy' });
      client.call('tickets.take', { serviceCode }).then(
        (ticket) => setScreen({ name: 'queue-ticket', ticket }),
        (error: unknown) => setScreen({ name: 'queue-services', error: { cause: error, fallback: 'app.ticketFailed' } }),
      );
    },
    [client, t, errorText],
  );

  // The procedure journey: the draft stays in the engine's session; screens hold only its view.
  const startProcedure = useCallback(
    (id: string) => {
      setScreen({ name: 'procedure-busy', text: 'app.openingForm' });
      client.call('procedures.start', { id }).then(
        (draft) => setScreen((s) => (s.name === 'procedure-busy' ? { name: 'procedure-form', draft } : s)),
        (error: unknown) => setScreen((s) => (s.name === 'procedure-busy' ? { name: 'procedures', error: { cause: error, fallback: 'app.openFailed' } } : s)),
      );
    },
    [client, t, errorText],
  );
  const backToForm = useCallback(
    () => setScreen((s) => (s.name === 'procedure-review' || s.name === 'procedure-documents' ? { name: 'procedure-form', draft: s.draft } : s)),
    [],
  );
  // Form done: the papers its answers call for are scanned next. With none, or on a kiosk that has
  // no document scanner, straight to the review (it lists the papers to bring to the counter).
  const formReady = useCallback(
    (review: Extract<ProcedureReview, { ready: true }>, draft: DraftView) => {
      if (screenRef.current.name !== 'procedure-form') return;
      setScreen({ name: 'procedure-busy', text: 'app.preparing' });
      client.call('documents.list', {}).then(
        (view) =>
          setScreen((s) =>
            s.name === 'procedure-busy' ? (view.documents.length > 0 && view.scanner !== 'none' ? { name: 'procedure-documents', review, draft, view } : { name: 'procedure-review', review, draft }) : s,
          ),
        () => setScreen((s) => (s.name === 'procedure-busy' ? { name: 'procedure-review', review, draft } : s)),
      );
    },
    [client, t],
  );
  const submitDossier = useCallback(() => {
    const review = screenRef.current;
    setScreen({ name: 'procedure-busy', text: 'app.submitting' });
    client.call('dossier.submit', { consent: true }).then(
      (result) => setScreen((s) => (s.name === 'procedure-busy' ? { name: 'procedure-submitted', result } : s)),
      (error: unknown) =>
        setScreen((s) =>
          s.name === 'procedure-busy' && review.name === 'procedure-review'
            ? { ...review, error: { cause: error, fallback: 'app.submitFailed' } }
            : s,
        ),
    );
  }, [client, t, errorText]);

  return (
    <div className="kiosk" data-screen={screen.name}>
      <header className="kiosk-header">
        <span className="kiosk-emblem" aria-hidden="true">★</span>
        <span className="kiosk-centre">{info?.centreName ?? ''}</span>
        {info?.simulated ? <span className="kiosk-demo" title={t('app.demoTitle')}>{t('app.demoTag')}</span> : null}
        <TextSizeButton level={textSize.level} onNext={textSize.next} />
        <button type="button" className="kiosk-lang" lang={lang === 'vi' ? 'en' : 'vi'} aria-label={t('app.switchLanguageLabel')} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
          {t('app.switchLanguage')}
        </button>
      </header>
      <AlarmStrip />
      <main className="kiosk-main">
        {screen.name === 'attract' ? <AttractScreen notice={screen.notice ? t(screen.notice) : undefined} onQueue={() => setScreen({ name: 'queue-services' })} onTrack={() => setScreen({ name: 'tracking' })} /> : null}
        {screen.name === 'tracking' ? <TrackingAskScreen error={say(screen.error)} busy={screen.busy} onLookup={lookupDossier} onBack={() => setScreen({ name: 'attract' })} /> : null}
        {screen.name === 'tracking-result' ? <TrackingResultScreen timeline={screen.timeline} onDone={() => setScreen({ name: 'attract' })} /> : null}
        {screen.name === 'queue-services' ? (
          <>
            {screen.error ? <p className="field-error" role="alert">{say(screen.error)}</p> : null}
            <QueueServiceScreen onChoose={takeTicket} onBack={() => setScreen({ name: 'attract' })} />
          </>
        ) : null}
        {screen.name === 'queue-busy' ? <ReadingScreenLike text={t('app.printingTicket')} /> : null}
        {screen.name === 'queue-ticket' ? <QueueTicketScreen ticket={screen.ticket} onDone={() => setScreen({ name: 'attract' })} /> : null}
        {screen.name === 'enter-id' ? <EnterIdScreen error={say(screen.error)} onSubmit={readCard} onCancel={() => endSession('cancelled')} /> : null}
        {screen.name === 'reading' ? <ReadingScreen stage={screen.stage} percent={screen.percent} /> : null}
        {screen.name === 'identity' ? (
          <IdentityScreen identity={screen.identity} onConfirm={() => setScreen({ name: 'procedures' })} onReject={() => endSession('cancelled')} />
        ) : null}
        {screen.name === 'thanks' ? <ThanksScreen onDone={() => endSession('finished')} /> : null}
        {screen.name === 'procedures' ? <ChooseProcedureScreen error={say(screen.error)} onChoose={startProcedure} onCancel={() => endSession('cancelled')} /> : null}
        {screen.name === 'procedure-form' ? (
          <FormScreen
            draft={screen.draft}
            onBack={() => setScreen({ name: 'procedures' })}
            onReady={formReady}
          />
        ) : null}
        {screen.name === 'procedure-documents' ? (
          <DocumentsScreen
            view={screen.view}
            onBack={backToForm}
            onNext={(view) =>
              setScreen((s) =>
                s.name === 'procedure-documents'
                  ? { name: 'procedure-review', review: s.review, draft: s.draft, scanned: view.documents.filter((d) => d.state === 'scanned').map((d) => d.id) }
                  : s,
              )
            }
          />
        ) : null}
        {screen.name === 'procedure-review' ? (
          <ReviewScreen review={screen.review} error={say(screen.error)} scanned={screen.scanned} onEdit={backToForm} onSubmit={submitDossier} />
        ) : null}
        {screen.name === 'procedure-busy' ? <ReadingScreenLike text={t(screen.text)} /> : null}
        {screen.name === 'procedure-submitted' ? <SubmittedScreen result={screen.result} onDone={() => endSession('finished')} /> : null}
      </main>
      {/* In the page's flow, not over it: captions must never cover a button the citizen needs. */}
      <Captions withRepeat />
      {idle.phase === 'warning' ? <IdleWarning secondsLeft={idle.secondsLeft} onExtend={idle.extend} onFinish={() => endSession('finished')} /> : null}
      <PrivilegedModes />
      <ConnectionOverlay />
    </div>
  );
}
