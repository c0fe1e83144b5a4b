import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MyAppointment } from '../shared/types.js';

export interface AppointmentEventsOptions {
  /** The stream to follow now, or none; read after every update of the host. */
  url(): string | undefined;
  /** The appointment as it is now: sent on connecting and after every change of its state. */
  onAppointment(appointment: MyAppointment): void;
}

/**
 * Follows the citizen's appointment live through the server's event stream
 * (`…/appointments/mine/events?token=…`, each message `event: appointment` with the same body as
 * `…/appointments/mine`), while the host is connected. Reconnecting after a drop is
 * EventSource's own; a new address (another token, another language) opens a new stream.
 */
export class AppointmentEvents implements ReactiveController {
  private source?: EventSource;
  private url?: string;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: AppointmentEventsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdated(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.close();
  }

  private follow(): void {
    const url = this.options.url();
    if (url === this.url) return;
    this.close();
    if (!url) return;
    this.url = url;
    this.source = new EventSource(url);
    this.source.addEventListener('appointment', this.onMessage);
  }

  private readonly onMessage = (event: Event) => {
    let appointment: MyAppointment;
    try {
      appointment = JSON.parse((event as MessageEvent<string>).data) as MyAppointment;
    } catch {
      // A message that is not the appointment changes nothing; the next one will say the state.
      return;
    }
    this.options.onAppointment(appointment);
  };

  private close(): void {
    this.source?.close();
    this.source = undefined;
    this.url = undefined;
  }
}
