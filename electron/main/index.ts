// Electron host: the app's lifecycle. Opens the core (database, services,
// dispatcher) before the window loads, binds the one IPC channel, and closes the
// database on quit. Business logic lives in the core, not here.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { createBackupDesktop } from './backupDesktop';
import { createHeadOfficeSecret } from './headOfficeSecret';
import { DB_FILE } from '../core/core';
import { HeadOfficeControl } from '../headoffice/control';
import { createSaveDialog } from './saveDialog';
import { openHost, type CoreHost } from '../core/coreHost';
import { usePrivateUmask } from '../core/dataDir';
import { contentSecurityPolicy, devContentSecurityPolicy } from './electron-csp';
import { registerAppScheme, serveAppScheme } from './appProtocol';
import { createAppUrlCheck, createRequestCheck, type AppLocation } from './electron-urls';
import { createInvokeHandler, createSenderCheck, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc';
import { configureLogFiles, createLogger, flushLogs } from '../core/log';
import { createReceiptPrinter } from './receiptPrinter';
import { createMainWindow, guardContents, guardSession } from './window';

const log = createLogger('electron');

// `--user-data-dir=DIR` (tests, portable installs) moves the database along with Chromium's profile.
const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir');
if (userDataSwitch) app.setPath('userData', path.resolve(userDataSwitch));

// Every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();
// Whatever the app and Chromium write in the profile folder (database, logs, caches) is this user's alone.
usePrivateUmask();
// The built UI comes from app://tessera/, never file:// (see electron-urls.ts).
registerAppScheme();

/** The better-sqlite3 addon built for Electron's ABI (see scripts/electron-native.mjs), if there is one. */
function electronSqliteBinding(): string | undefined {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

/** Settings → Head office: the URL kept in the OS keychain; shipping starts once the core is open. */
let headOffice: HeadOfficeControl | null = null;

function openCore(): CoreHost {
  configureLogFiles(app.getPath('userData'), { host: 'desktop', version: app.getVersion(), electron: process.versions.electron });
  const dataDir = app.getPath('userData');
  const control = new HeadOfficeControl({
    dbFile: path.join(dataDir, DB_FILE),
    nativeBinding: electronSqliteBinding(),
    secrets: createHeadOfficeSecret(dataDir),
    // The core a restore reopens too: host.core follows it.
    services: () => host.core.services,
  });
  headOffice = control;
  // A damaged database does not fail here: the host serves the recovery screen (see coreHost.ts).
  const host = openHost({
    purpose: 'the Tessera app',
    dataDir,
    migrationsFolder: app.isPackaged ? path.join(process.resourcesPath, 'migrations') : path.join(app.getAppPath(), 'migrations'),
    version: app.getVersion(),
    nativeBinding: electronSqliteBinding(),
    // What the desktop offers, asked here in the main process (never a path from the renderer): "Show in
    // folder" opens the file manager, "Save as…" and the backup folders ask the OS dialogs, receipts print.
    platform: {
      reveal: (file) => shell.showItemInFolder(file),
      saveDialog: createSaveDialog((options) => {
        const win = BrowserWindow.getFocusedWindow();
        return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
      }, () => app.getPath('documents')),
      chooseFolder: createBackupDesktop().chooseFolder,
      print: createReceiptPrinter(),
    },
    headOffice: control,
  });
  if (host.state === 'ok') control.start();
  return host;
}

function run(): void {
  const appRoot = app.getAppPath();
  const location: AppLocation = {
    rendererFile: path.join(appRoot, 'out', 'renderer', 'index.html'),
    // The dev server only ever serves an unpackaged checkout (`npm run dev`).
    devServerUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL || undefined : undefined,
  };
  const preload = path.join(appRoot, 'out', 'preload', 'index.cjs');
  const isAppUrl = createAppUrlCheck(location);

  let core: CoreHost | null = null;
  let win: BrowserWindow | null = null;
  let unsubscribe: (() => void) | null = null;

  // Packages carry the icon in their own metadata; a checkout shows resources/icon.png.
  const devIcon = path.join(appRoot, 'resources', 'icon.png');
  const icon = !app.isPackaged && fs.existsSync(devIcon) ? devIcon : undefined;

  const openWindow = () => {
    win = createMainWindow({ preload, devServerUrl: location.devServerUrl, icon, devTools: !app.isPackaged });
    win.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Applies to the main window and to anything else that might create a WebContents.
  app.on('web-contents-created', (_event, contents) => guardContents(contents, isAppUrl));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    unsubscribe?.();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    // The sync worker ends with the process: a batch in flight commits at the head office whole or not at all.
    void headOffice?.close();
    core?.close();
    core = null;
    flushLogs();
  });

  void app.whenReady().then(() => {
    try {
      core = openCore();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error('could not open the core', { message });
      const hint = app.isPackaged ? '' : '\n\nIn a checkout, `node scripts/electron-native.mjs` builds the database driver for Electron.';
      dialog.showErrorBox('Tessera could not start', `The database could not be opened:\n${message}${hint}`);
      app.exit(1);
      return;
    }
    const opened = core.core;
    serveAppScheme(path.dirname(location.rendererFile));

    guardSession(session.defaultSession, {
      contentSecurityPolicy: location.devServerUrl ? devContentSecurityPolicy(contentSecurityPolicy) : contentSecurityPolicy,
      isAllowedRequest: createRequestCheck(location),
    });

    const isTrustedSender = createSenderCheck(() => (win && !win.isDestroyed() ? win.webContents : null), isAppUrl);
    ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler(opened.dispatch, isTrustedSender));
    unsubscribe = opened.bus.subscribe((event) => {
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
    });

    openWindow();
    // The day's automatic backup, off the start-up path, and each new day's while the app runs.
    core.startAutoBackups();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}

if (app.requestSingleInstanceLock()) run();
else app.quit();
