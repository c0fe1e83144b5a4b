import type { CitizenProcedure } from '@finestreta/server/contract';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FinError } from '../../shared/errors.js';
import type { I18nController, MessageKey } from '../../shared/i18n.js';
import type { ProcedureApi } from './procedure-api.js';

export type ProcedureHost = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

/** What a part of the procedure's view needs from the element that shows it. */
export interface ProcedurePartOptions {
  i18n: I18nController;
  api(): ProcedureApi | undefined;
  /** The procedure as the server answered, and what to tell the citizen of their answer until something new is asked. */
  showView(view: CitizenProcedure, answered?: MessageKey): void;
  report(error: unknown): FinError;
}

/** A request with steps of its own (a still, the agreement): its stage, rendered by the host, and where focus goes next. */
export abstract class ProcedurePart<Stage, Options extends ProcedurePartOptions = ProcedurePartOptions> implements ReactiveController {
  protected abstract stage: Stage;

  constructor(
    protected readonly host: ProcedureHost,
    protected readonly options: Options,
  ) {
    host.addController(this);
  }

  abstract hostDisconnected(): void;

  protected set(stage: Stage) {
    this.stage = stage;
    this.host.requestUpdate();
  }

  /** Focus moves once the next render shows what it lands on. */
  protected async focus(selector: string) {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
