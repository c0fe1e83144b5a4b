import { html, type TemplateResult } from 'lit';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import { rangeParts, renderDayTimePicker, renderSlotTaken, whenParts } from '../shared/slot-picker.js';
import type { AppointmentSlots, TimeWindow } from '../shared/types.js';
import { zoneName } from '../shared/zoned.js';
import './translations/index.js';

/** The time chosen was taken meanwhile: the next free ones, and the one chosen among them. */
export interface SlotTaken {
  alternatives: TimeWindow[];
  choice: string;
}

/** "Thursday 26 November 2026, 10:00–10:30 (Central European Time)": the council's clock, named. */
export function whenText(i18n: I18nController, window: TimeWindow, timeZone: string): string {
  return i18n.t('appointmentWhenValue', whenParts(i18n, window, timeZone));
}

/** "10:00–10:30" on the council's clock. */
export function rangeText(i18n: I18nController, window: TimeWindow, timeZone: string): string {
  return i18n.t('appointmentTimeRange', rangeParts(i18n, window, timeZone));
}

/** The polite live region of an appointment view. */
export function renderStatus(text: string): TemplateResult {
  return html`<p part="status" role="status">${text}</p>`;
}

/** Something could not be loaded: says so, and offers to try again. */
export function renderUnavailable(i18n: I18nController, key: MessageKey, onRetry: () => void): TemplateResult {
  return html`<p part="error" role="alert">${i18n.t(key)}</p>
    <button part="retry-button" type="button" @click=${onRetry}>${i18n.t('retry')}</button>`;
}

export interface SlotChoiceOptions {
  i18n: I18nController;
  /** The free times as loaded: their loading, failure and emptiness are shown too. */
  slots: { status: string; value?: AppointmentSlots };
  /** The times to offer among them. */
  free: TimeWindow[];
  day: string;
  time: string;
  onDay(day: string): void;
  onTime(start: string): void;
  onRetry(): void;
}

/** A day and a time among the free ones, on the council's clock; or why there are none to choose. */
export function renderSlotChoice({ i18n, slots, free, day, time, onDay, onTime, onRetry }: SlotChoiceOptions): TemplateResult {
  const { status, value } = slots;
  if (status === 'error' && !value) return renderUnavailable(i18n, 'appointmentSlotsUnavailable', onRetry);
  if (!value || status === 'pending') return renderStatus(i18n.t('appointmentSlotsLoading'));
  if (!free.length) {
    return html`<div part="no-slots">
      <h4 part="subheading">${i18n.t('appointmentNoSlotsTitle')}</h4>
      <p part="no-slots-hint">${i18n.t('appointmentNoSlotsHint')}</p>
    </div>`;
  }
  const tz = value.timeZone;
  return html`<p part="zone-note hint">${i18n.t('appointmentZoneNote', { zone: zoneName(tz, i18n.locale) })}</p>
    ${renderDayTimePicker({
      i18n,
      timeZone: tz,
      slots: free,
      day,
      time,
      labels: {
        day: i18n.t('appointmentDay'),
        dayFree: (count) => i18n.t('appointmentDayFree', { count }),
        timesOn: (day) => i18n.t('appointmentTimesOn', { day }),
        range: (window) => rangeText(i18n, window, tz),
      },
      onDay: (day, daySlots) => {
        onDay(day);
        if (!daySlots.some((s) => s.start === time)) onTime('');
      },
      onTime,
    })}`;
}

export interface AppointmentSlotTakenOptions {
  i18n: I18nController;
  timeZone: string;
  taken: SlotTaken;
  busy: boolean;
  /** The button's text: book the time chosen, or move the appointment to it. */
  resubmit: MessageKey;
  onChoose(start: string): void;
  onResubmit(): void;
}

/** The time chosen was taken meanwhile: what happened, and the next free times to choose from, in the appointment's words. */
export function renderAppointmentSlotTaken({ i18n, timeZone, taken, busy, resubmit, onChoose, onResubmit }: AppointmentSlotTakenOptions): TemplateResult {
  return renderSlotTaken({
    i18n,
    timeZone,
    alternatives: taken.alternatives,
    choice: taken.choice,
    busy,
    labels: {
      title: i18n.t('appointmentSlotTakenTitle'),
      text: i18n.t('appointmentSlotTakenText'),
      none: i18n.t('appointmentSlotTakenNone'),
      legend: i18n.t('appointmentAlternatives'),
      resubmit: i18n.t(resubmit),
      range: (window) => rangeText(i18n, window, timeZone),
    },
    onChoose,
    onResubmit,
  });
}
