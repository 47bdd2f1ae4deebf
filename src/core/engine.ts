// Runs in: Node (Electron main or the browser host). The engine: owns the devices, the citizen
// session and (as they land) identity, forms, dossiers, sync and tickets. It knows nothing about
// Electron or WebSockets: transports reach it only through `handlers` and `subscribe`.
import { KioskError } from '../shared/errors';
import type { EventOf } from '../shared/contract';
import type { Handlers } from '../shared/transport/dispatcher';
import path from 'node:path';
import type { CardReaderDevice, DriverTable } from '../../hardware/registry';
import { loadTrustStore, type TrustStore } from '../../hardware/card-reader/pa/trust-store';
import { IdentityService } from './identity/service';
import type { Printer } from '../../hardware/printer/printer';
import { openDatabaseWithKey, type OpenedDatabase } from './db';
import { dossierMigrations } from './dossiers/schema';
import { openQueueNumbers, type QueueNumbers } from './tickets/queue-numbers';
import { TicketService } from './tickets/service';
import type { QrScanner } from '../../hardware/scanner/qr';
import { classifyPayload } from './qr/payloads';
import type { KioskConfig } from './config/schema';
import { DeviceManager } from './devices/manager';
import { EventBus, type EventListener } from './events';
import { defaultLogDir, getLogger, type StartupPhases } from './log';
import { CitizenSession } from './session/session';
import type { PcscCardReader } from '../../hardware/card-reader/transport/pcsc';
import type { DocumentScanner } from '../../hardware/scanner/document/types';
import { AuthService } from './technician/auth';
import { pinHashesFor } from './technician/demo';
import { TechnicianService } from './technician/service';
import { SpeechService } from './speech/service';
import { DeviceEventLog, TechnicianTools } from './technician/tools';
import { AlarmNotifier } from './alarms/notifier';
import { StaffService } from './staff/service';
import { ProcedureService } from './procedures/service';
import { dossierStatusText } from './dossiers/status';
import { procedureNames } from './dossiers/procedure-names';
import { DocumentService } from './documents/service';
import { DossierStore } from './dossiers/store';
import { createAdapter } from './sync/config';
import { SyncWorker } from './sync/worker';
import { lookupDossier } from './dossiers/tracking';
import { loadCatalogue, loadHolidays, type Catalogue, type HolidayCalendar } from './forms';
import { loadAdminUnits } from './validation/load-admin-units';

const log = getLogger('engine');

export interface EngineOptions {
  config: KioskConfig;
  dataDir: string;
  version: string;
  drivers: DriverTable;
  /** Folder with fonts, OCR data, the CSCA trust store (`csca/`), templates. */
  resourcesDir: string;
  /** Set when devices run on simulators started by the same process (`kiosk start`, tests). */
  /** The config file `config` came from (technician config edit); null/absent = defaults. */
  configFile?: string | null;
  simulation?: {
    /** PNG of the newest ticket the virtual printer rendered, or null. */
    lastPrintedTicket(): Buffer | null;
  };
  /** Boot time per phase, for the technician's log (database, devices, dossier store). */
  startupPhases?: StartupPhases;
}

export interface Engine {
  readonly handlers: Handlers;
  readonly devices: DeviceManager;
  readonly session: CitizenSession;
  subscribe(listener: EventListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const { config } = options;
  const bus = new EventBus();
  let database: OpenedDatabase | null = null;
  const db = () => {
    if (!database) throw new KioskError({ code: 'engine.not-started', technicianMessage: 'the engine has not opened its database yet' });
    return database.db;
  };
  const devices = new DeviceManager(config.devices, options.drivers, bus, () => ({ db: db() }));
  const session = new CitizenSession(bus);
  let trustStore: TrustStore | null = null;
  const identity = new IdentityService(
    () => devices.get<CardReaderDevice>('cardReader'),
    () =>
      (trustStore ??= loadTrustStore(path.join(options.resourcesDir, 'csca'), {
        // The sample card is signed by a TEST CSCA: trusted only while the reader is simulated.
        includeTestAnchors: config.devices.cardReader?.simulate === true,
      })),
    bus,
    session,
  );

  let queueNumbers: QueueNumbers | null = null;
  const tickets = new TicketService(config, () => (queueNumbers ??= openQueueNumbers(db())), () => devices.get<Printer>('printer'));

  // Catalogue, calendars and the dossier store load on first use: a broken forms/ file disables
  // that procedure, never the kiosk's start.
  let catalogue: Catalogue | null = null;
  let holidays: HolidayCalendar | null = null;
  let dossiers: DossierStore | null = null;
  let sync: SyncWorker | null = null;
  // English names of stored dossiers' procedures (progress screen, staff outbox), from the catalogue.
  const names = procedureNames(() => (catalogue ??= loadCatalogue()), config.upstream.procedureCodes);
  const procedures: ProcedureService = new ProcedureService({
    config,
    session,
    catalogue: () => (catalogue ??= loadCatalogue()),
    adminUnits: () => loadAdminUnits(),
    holidays: () => (holidays ??= loadHolidays()),
    store: () => {
      db(); // not before start()
      return (dossiers ??= DossierStore.open({ dataDir: options.dataDir, unitCode: config.centre.unitCode }));
    },
    printer: () => devices.get<Printer>('printer'),
    submitActor: () => staff.submitActor(),
    procedureCodes: config.upstream.procedureCodes,
    attachments: (draft) => documents.attachments(draft),
  });
  const documents: DocumentService = new DocumentService({
    session,
    bus,
    catalogue: () => (catalogue ??= loadCatalogue()),
    draft: () => procedures.current(),
    scanner: () => devices.get<DocumentScanner>('documentScanner'),
    resolution: config.devices.documentScanner?.resolution ?? 300,
    ...(config.devices.documentScanner?.calibration ? { calibration: config.devices.documentScanner.calibration } : {}),
    // SANE's test device scans solid black by default, which is rightly refused as a blank page.
    ...(/^test(:\d+)?$/.test(config.devices.documentScanner?.device ?? '') ? { backendOptions: { 'test-picture': 'Grid' } } : {}),
  });

  const pins = pinHashesFor(config);
  const auth = new AuthService(pins);
  const technician = new TechnicianService({
    auth,
    devices: {
      cardReader: () => devices.get<PcscCardReader>('cardReader'),
      printer: () => devices.get<Printer>('printer'),
      documentScanner: () => devices.get<DocumentScanner>('documentScanner'),
      qrScanner: () => devices.get<QrScanner>('qrScanner'),
    },
    kioskId: config.kioskId,
    logDir: defaultLogDir(options.dataDir),
    dataDir: options.dataDir,
    config,
    demoPins: Object.keys(pins.hashes).length < 2 && Object.keys(pins.fallbackHashes).length > 0,
    // SANE's test device scans solid black by default; its grid shows the path really works.
    ...(/^test(:\d+)?$/.test(config.devices.documentScanner?.device ?? '') ? { scanOptions: { backendOptions: { 'test-picture': 'Grid' } } } : {}),
  });

  const speech = new SpeechService({ enabled: config.speech.offlineVoice, vietnameseVoice: config.speech.vietnameseVoice, wordsPerMinute: config.speech.wordsPerMinute });
  // Device alarms to the channels the config selects; the technician's event list is fed here too.
  const deviceEvents = new DeviceEventLog();
  const alarms = new AlarmNotifier({
    config: config.alarms,
    kioskId: config.kioskId,
    unitCode: config.centre.unitCode,
    emit: (notice) => bus.emit('alarm.notice', notice),
    record: (event) => deviceEvents.add(event),
  });
  const tools = new TechnicianTools({
    auth,
    events: deviceEvents,
    configFile: options.configFile ?? null,
    config,
    printer: () => devices.get<Printer>('printer'),
    documentScanner: () => devices.get<DocumentScanner>('documentScanner'),
    ...(/^test(:\d+)?$/.test(config.devices.documentScanner?.device ?? '') ? { scanOptions: { backendOptions: { 'test-picture': 'Grid' } } } : {}),
  });
  const staff = new StaffService({
    auth,
    config,
    session,
    store: () => {
      db(); // not before start()
      return (dossiers ??= DossierStore.open({ dataDir: options.dataDir, unitCode: config.centre.unitCode }));
    },
    sync: () => sync,
    queueDb: db,
    printer: () => devices.get<Printer>('printer'),
    procedureNames: names,
  });

  const handlers: Handlers = {
    'kiosk.info': () => ({
      kioskId: config.kioskId,
      centreName: config.centre.name,
      unitCode: config.centre.unitCode,
      language: config.language,
      version: options.version,
      simulated: Object.values(config.devices).some((d) => d?.simulate) || config.upstream.simulate,
    }),
    'devices.list': () => devices.list(),
    'session.end': ({ reason }) => ({ cleared: session.end(reason) }),
    'identity.readCard': (request) => identity.readCard(request),
    'tickets.services': () => tickets.services(),
    'tickets.take': ({ serviceCode }) => tickets.take(serviceCode),
    'simulation.lastTicket': () => {
      const png = options.simulation?.lastPrintedTicket() ?? null;
      return { image: png ? `data:image/png;base64,${png.toString('base64')}` : null };
    },
    'procedures.search': ({ query }) => procedures.search(query),
    'procedures.places': ({ provinceCode }) => procedures.places(provinceCode),
    'procedures.start': ({ id }) => procedures.start(id),
    'procedures.edit': (request) => procedures.change(request),
    'procedures.review': () => procedures.review(),
    'dossier.submit': () => procedures.submit(),
    'documents.list': () => documents.list(),
    'documents.scan': ({ documentId, append }) => documents.scan(documentId, append),
    'documents.remove': ({ documentId, page }) => documents.remove(documentId, page),
    'documents.cancel': () => documents.cancel(),
    'dossier.lookup': ({ code }) => {
      db(); // not before start()
      return lookupDossier(code, (dossiers ??= DossierStore.open({ dataDir: options.dataDir, unitCode: config.centre.unitCode })), sync, names);
    },
    'auth.unlock': ({ role, pin }) => technician.unlock(role, pin),
    'auth.lock': () => technician.lock(),
    'auth.status': () => technician.status(),
    'technician.deviceTest': ({ device }) => technician.deviceTest(device),
    'technician.logsExport': () => technician.logsExport(),
    'technician.config': () => technician.config(),
    'speech.voices': () => speech.voices(),
    'speech.synthesize': ({ text, lang }) => speech.synthesize(text, lang),
    'alarms.active': () => ({ notify: alarms.notify, active: alarms.list() }),
    'technician.events': () => tools.events(),
    'technician.configSource': () => tools.configSource(),
    'technician.configSave': ({ yaml }) => tools.configSave(yaml),
    'technician.printerSettings': (change) => tools.printerSettings(change),
    'technician.scanCalibration': (request) => tools.scanCalibration(request),
    'staff.outbox': () => staff.outbox(),
    'staff.retry': (target) => staff.retry(target),
    'staff.resubmit': ({ id }) => staff.resubmit(id),
    'staff.reprint': ({ code }) => staff.reprint(code),
    'staff.queueToday': () => staff.queueToday(),
    'staff.assist': ({ action }) => staff.assist(action),
  };

  // Taking the card away ends the citizen's session: their data leaves with the card.
  bus.subscribe((event, payload) => {
    if (event === 'card.removed' && session.isActive) session.end('card-removed');
    if (event === 'device.status') alarms.onStatus(payload as EventOf<'device.status'>);
  });

  return {
    handlers,
    devices,
    session,
    subscribe: (listener) => bus.subscribe(listener),
    async start() {
      log.info({ kioskId: config.kioskId }, 'engine starting');
      database = openDatabaseWithKey({ dataDir: options.dataDir, migrations: dossierMigrations });
      options.startupPhases?.mark('database');
      await devices.start();
      options.startupPhases?.mark('devices');
      const scanner = devices.get<QrScanner>('qrScanner');
      scanner?.onScan(({ text }) => {
        const payload = classifyPayload(text);
        if (payload.kind === 'cccd') {
          session.put('cccd-qr', payload.identity);
          bus.emit('scan.cccd', { idNumber: payload.identity.idNumber });
        } else if (payload.kind === 'receipt') {
          bus.emit('scan.receipt', { dossierCode: payload.lookup.dossierCode, procedureCode: payload.lookup.procedureCode });
        } else {
          bus.emit('scan.unknown', { message: payload.message });
        }
        technician.recordScan({ text, device: 'qr-scanner' }, payload.kind);
        log.info({ kind: payload.kind }, 'code scanned');
      });
      // Dossiers go upstream in the background, whatever the link does (exactly once, see src/core/sync).
      const store = (dossiers ??= DossierStore.open({ dataDir: options.dataDir, unitCode: config.centre.unitCode }));
      // Attachment files written just before a crash that never reached a committed dossier.
      const swept = store.sweepOrphanBlobs();
      if (swept > 0) log.info({ files: swept }, 'orphan attachment files removed');
      if (config.upstream.credentialsRef) {
        const adapter = createAdapter({ kind: 'dvc', baseUrl: config.upstream.url, unitCode: config.centre.unitCode, credentialsRef: config.upstream.credentialsRef });
        sync = new SyncWorker({
          store,
          adapter,
          purgeAfterDays: config.upstream.purgePersonalDataAfterDays,
          statusPollMs: config.upstream.statusPollSeconds * 1000,
        });
        // Only the code and status travel: an open progress screen for that code refreshes itself.
        sync.on('status', ({ code, status }) => bus.emit('dossier.status', { code, status, statusText: dossierStatusText(status) }));
        sync.on('purged', ({ codes }) => log.info({ dossiers: codes.length }, 'personal data purged after the retention period'));
        sync.on('delivered', ({ code }) => log.info({ dossier: code }, 'dossier delivered upstream'));
        sync.on('dead-letter', ({ code }) => log.warn({ dossier: code }, 'dossier rejected upstream: dead letter for staff'));
        sync.on('offline', () => log.warn('upstream unreachable: dossiers wait in the outbox'));
        sync.on('online', () => log.info('upstream reachable'));
        sync.start();
      } else {
        log.warn('upstream.credentialsRef not set: dossiers stay in the outbox until it is configured');
      }
      options.startupPhases?.mark('dossier store');
      log.info({ devices: devices.list().map((d) => `${d.id}:${d.state}`) }, 'engine started');
    },
    async stop() {
      session.end('staff');
      alarms.stop();
      staff.stop();
      await sync?.stop();
      sync = null;
      await devices.stop();
      dossiers?.close();
      dossiers = null;
      database?.db.close();
      database = null;
      log.info('engine stopped');
    },
  };
}
