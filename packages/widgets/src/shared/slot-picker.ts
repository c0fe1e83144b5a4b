import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, type FinError } from './errors.js';
import { renderChoice } from './form-fields.js';
import { groupByDay, zoneName } from './zoned.js';
import type { I18nController, MessageKey } from './i18n.js';
import type { TimeWindow } from './types.js';

/**
 * The accessible day-and-time picker the citizen forms share: native radio groups (one for the
 * day, one for the times of that day), so arrow keys, screen readers and phones all work without
 * scripting the keyboard. Render helpers rather than an element, so the radios stay in the form's
 * own shadow root, where its labels, error links and focus handling can reach them.
 *
 * The markup carries the parts the host documents: `fieldset`, `days`, `day-list`, `times`,
 * `time-list`, `legend`, `choices`, `choice` (+ `checked`), `radio`, `choice-label`, `day-name`, `day-count`.
 */

/** "Thursday 26 November" in the element's language, on the council's calendar. */
export function dayLabel(i18n: I18nController, date: Date, timeZone: string): string {
  return i18n.format({ weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(date);
}

/** A window's start and end on the council's clock, for a "10:00–10:30" text. */
export function rangeParts(i18n: I18nController, window: TimeWindow, timeZone: string): { start: string; end: string } {
  return { start: i18n.time(new Date(window.start), timeZone), end: i18n.time(new Date(window.end), timeZone) };
}

/** A window's full date, times and named time zone, for a "Thursday 26 November 2026, 10:00–10:30 (Central European Time)" text. */
export function whenParts(i18n: I18nController, window: TimeWindow, timeZone: string): { day: string; start: string; end: string; zone: string } {
  const start = new Date(window.start);
  return {
    day: i18n.format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(start),
    ...rangeParts(i18n, window, timeZone),
    zone: zoneName(timeZone, i18n.locale, start),
  };
}

export interface DayTimePickerOptions {
  i18n: I18nController;
  timeZone: string;
  /** The free slots, in order. */
  slots: TimeWindow[];
  /** The chosen day, `YYYY-MM-DD` in the council's zone. */
  day: string;
  /** The start of the chosen slot, or empty. */
  time: string;
  labels: {
    day: string;
    dayFree: (count: number) => string;
    timesOn: (day: string) => string;
    range: (window: TimeWindow) => string;
  };
  onDay: (day: string, slots: TimeWindow[]) => void;
  onTime: (start: string) => void;
}

/** The day the picker should show: the chosen one if still offered, else the day of the chosen time, else the first. */
export function pickerDay(slots: TimeWindow[], timeZone: string, day: string, time: string): string {
  const days = groupByDay(slots, timeZone);
  if (days.some((d) => d.day === day)) return day;
  const chosen = time ? days.find((d) => d.slots.some((s) => s.start === time)) : undefined;
  return chosen ? chosen.day : (days[0]?.day ?? '');
}

export function renderDayTimePicker(options: DayTimePickerOptions): TemplateResult {
  const { i18n, timeZone, labels } = options;
  const days = groupByDay(options.slots, timeZone);
  const chosenDay = days.find((d) => d.day === options.day);
  return html`<fieldset part="fieldset days">
      <legend part="legend">${labels.day}</legend>
      <div part="choices day-list">
        ${days.map((d) =>
          renderChoice(
            'day',
            d.day,
            d.day === options.day,
            html`<span part="day-name">${dayLabel(i18n, new Date(d.slots[0].start), timeZone)}</span>
              <span part="day-count">${labels.dayFree(d.slots.length)}</span>`,
            () => options.onDay(d.day, d.slots),
          ),
        )}
      </div>
    </fieldset>
    ${chosenDay
      ? html`<fieldset part="fieldset times">
          <legend part="legend">${labels.timesOn(dayLabel(i18n, new Date(chosenDay.slots[0].start), timeZone))}</legend>
          <div part="choices time-list">
            ${chosenDay.slots.map((slot) => renderChoice('time', slot.start, slot.start === options.time, labels.range(slot), () => options.onTime(slot.start)))}
          </div>
        </fieldset>`
      : nothing}`;
}

/** The next free times offered after `FIN_ERR_SLOT_TAKEN`, and the one chosen among them (the first, until the citizen picks). */
export interface SlotTaken {
  alternatives: TimeWindow[];
  choice: string;
}

/** The alternatives a 409 `FIN_ERR_SLOT_TAKEN` carries, the first one chosen. */
export function slotTakenOf(failure: FinError): SlotTaken {
  const alternatives = alternativesOf(failure instanceof ApiError ? failure : undefined);
  return { alternatives, choice: alternatives[0]?.start ?? '' };
}

/** The widgets whose picker texts share one naming: `callMeDay`, `appointmentDay`, `callMeSlotTakenTitle`… */
export type PickerTexts = 'callMe' | 'appointment';

/** The day-and-time picker's texts in the widget's words. */
export function pickerLabels(i18n: I18nController, texts: PickerTexts, range: (window: TimeWindow) => string): DayTimePickerOptions['labels'] {
  return {
    day: i18n.t(`${texts}Day`),
    dayFree: (count) => i18n.t(`${texts}DayFree`, { count }),
    timesOn: (day) => i18n.t(`${texts}TimesOn`, { day }),
    range,
  };
}

/** The slot-taken box's texts in the widget's words; `resubmit` names the button when it does something else than submit again. */
export function slotTakenLabels(i18n: I18nController, texts: PickerTexts, range: (window: TimeWindow) => string, resubmit: MessageKey = `${texts}Resubmit`): SlotTakenOptions['labels'] {
  return {
    title: i18n.t(`${texts}SlotTakenTitle`),
    text: i18n.t(`${texts}SlotTakenText`),
    none: i18n.t(`${texts}SlotTakenNone`),
    legend: i18n.t(`${texts}Alternatives`),
    resubmit: i18n.t(resubmit),
    range,
  };
}

export interface SlotTakenOptions {
  i18n: I18nController;
  timeZone: string;
  alternatives: TimeWindow[];
  choice: string;
  busy: boolean;
  labels: { title: string; text: string; none: string; legend: string; resubmit: string; range: (window: TimeWindow) => string };
  onChoose: (start: string) => void;
  onResubmit: () => void;
}

/** "That time was just taken": the next free times the server suggested, and a button to take the chosen one. Its heading takes focus. */
export function renderSlotTaken(options: SlotTakenOptions): TemplateResult {
  const { labels } = options;
  return html`<div part="slot-taken" role="group" aria-labelledby="slot-taken-title">
    <h3 part="subheading" id="slot-taken-title" tabindex="-1">${labels.title}</h3>
    ${options.alternatives.length
      ? html`<p part="slot-taken-text">${labels.text}</p>
          <fieldset part="fieldset">
            <legend part="legend">${labels.legend}</legend>
            <div part="choices">
              ${options.alternatives.map((window) =>
                renderChoice('alternative', window.start, window.start === options.choice, `${dayLabel(options.i18n, new Date(window.start), options.timeZone)}, ${labels.range(window)}`, () =>
                  options.onChoose(window.start),
                ),
              )}
            </div>
          </fieldset>
          <button part="resubmit-button" type="button" aria-disabled=${options.busy ? 'true' : 'false'} @click=${options.onResubmit}>${labels.resubmit}</button>`
      : html`<p part="slot-taken-text">${labels.none}</p>`}
  </div>`;
}

/** The time windows in a 409 FIN_ERR_SLOT_TAKEN body, ignoring anything malformed. */
export function alternativesOf(error: ApiError | undefined): TimeWindow[] {
  const list = error?.body?.alternatives;
  if (!Array.isArray(list)) return [];
  return list.filter((w): w is TimeWindow => typeof w?.start === 'string' && typeof w?.end === 'string');
}
