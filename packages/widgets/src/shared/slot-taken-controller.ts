import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { FinError } from './errors.js';
import { focusPart } from './form-controller.js';
import type { I18nController } from './i18n.js';
import { renderSlotTaken, slotTakenLabels, slotTakenOf, type PickerTexts, type SlotTaken } from './slot-picker.js';
import type { TimeWindow } from './types.js';

export interface SlotTakenControllerOptions {
  i18n: I18nController;
  /** Whose texts: `callMeSlotTakenTitle`, `appointmentSlotTakenTitle`… */
  texts: PickerTexts;
  timeZone: () => string;
  range: (window: TimeWindow) => string;
  /** Whether a submission is on its way (the button then does nothing). */
  busy: () => boolean;
  /** What was free has changed: the form's picker reloads what is free now. */
  refresh: () => unknown;
  /** Submits again at the time chosen among the alternatives. */
  resubmit: (start: string) => void;
}

/**
 * "That time was just taken" (409 `FIN_ERR_SLOT_TAKEN`): the next free times the server offered,
 * the one the citizen chose among them, and submitting again with it. The form renders it where
 * its submission's problems go; its heading takes focus.
 */
export class SlotTakenController {
  /** The alternatives on offer, until the citizen resubmits or submits the form again. */
  taken?: SlotTaken;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: SlotTakenControllerOptions,
  ) {}

  /** Offers the alternatives `failure` carries, if it is a taken slot; false otherwise. */
  async offer(failure: FinError): Promise<boolean> {
    if (failure.code !== 'FIN_ERR_SLOT_TAKEN') return false;
    this.set(slotTakenOf(failure));
    void this.options.refresh();
    await focusPart(this.host, '[part~="slot-taken"] h3');
    return true;
  }

  clear() {
    this.set(undefined);
  }

  render(): TemplateResult | typeof nothing {
    const taken = this.taken;
    if (!taken) return nothing;
    const { i18n, texts, range } = this.options;
    return renderSlotTaken({
      i18n,
      timeZone: this.options.timeZone(),
      alternatives: taken.alternatives,
      choice: taken.choice,
      busy: this.options.busy(),
      labels: slotTakenLabels(i18n, texts, range),
      onChoose: (start) => this.set({ ...taken, choice: start }),
      onResubmit: () => this.resubmit(),
    });
  }

  private resubmit() {
    const choice = this.taken?.choice;
    if (!choice || this.options.busy()) return;
    this.clear();
    this.options.resubmit(choice);
  }

  private set(taken: SlotTaken | undefined) {
    this.taken = taken;
    this.host.requestUpdate();
  }
}
