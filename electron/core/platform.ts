/**
 * What the machine a host runs on offers the core: each part optional (the HTTP host and the
 * command line offer none; the desktop host all). Given at construction, to the services that
 * use them; a method whose part is absent answers that it works on the desktop only.
 */
import type { BackupDesktop, Restorer } from './services/backup';
import type { ReceiptPrinter } from './services/documents';
import type { SaveDialog } from './services/exports';
import type { HeadOfficeView } from '../headoffice/link';

export interface Platform {
  /** Shows a file in the system's file manager ("Show in folder"). */
  reveal?: (file: string) => void;
  /** The OS "Save as…" dialog, asked by the host (never a path from the UI). */
  saveDialog?: SaveDialog;
  /** The OS folder dialog (Admin → Backups: "Copy to…", the second backup folder). */
  chooseFolder?: BackupDesktop['chooseFolder'];
  /** Prints a receipt page on the machine's printer. */
  print?: ReceiptPrinter;
}

/** What the host that can reopen the core lends it (coreHost.ts); absent, restores are refused and checks run on this thread. */
export interface HostHooks {
  /** system.restore: check, close the core, swap the file, reopen. */
  restore?: Restorer;
  /** The host's quick_check of the live database (off the main thread; damage switches the host to recovery). */
  liveCheck?: () => Promise<{ ok: boolean; problem: string | null }>;
  /** Shipping the books to the head office, when the host was given one. */
  headOffice?: HeadOfficeView;
}
