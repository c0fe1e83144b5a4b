import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { renderFieldError } from '../../shared/form-fields.js';
import type { FormNode, GroupField, LeafField } from './form-schema.js';

/** What rendering a generated field needs from its form. */
export interface FieldContext {
  value(pointer: string): unknown;
  /** The field's error in the agent's words, when it is to be shown. */
  error(pointer: string): string | undefined;
  disabled: boolean;
  texts: { optional: string; lines: string; none: string };
  onValue(pointer: string, value: unknown): void;
  onLeave(pointer: string): void;
}

/** The id of a field's control (its first one, for a group of radios or checkboxes): what an error link focuses. */
export function fieldId(pointer: string): string {
  return `field${pointer.replace(/[^A-Za-z0-9]/g, (c) => (c === '/' ? '-' : '_'))}`;
}

const describedBy = (id: string, help: string | null, error: string | undefined) =>
  [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;

/** A number is typed as text (GOV.UK's advice: a number input changes on scroll and hides what was typed); what is not one is kept, so the check says so. */
function parseNumber(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^-?\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : trimmed;
}

const label = (leaf: LeafField | GroupField, ctx: FieldContext) => html`${leaf.label}${leaf.required ? nothing : html` <span part="optional">${ctx.texts.optional}</span>`}`;

function renderHint(id: string, help: string | null) {
  return help ? html`<p part="hint" id="${id}-hint">${help}</p>` : nothing;
}

/** A choice among several controls: radios or checkboxes in a fieldset whose legend is the field's label. */
function renderChoices(leaf: LeafField, ctx: FieldContext, id: string, error: string | undefined) {
  const multiple = leaf.kind === 'checkboxes';
  const value = ctx.value(leaf.pointer);
  const chosen = multiple ? new Set(Array.isArray(value) ? value.map(String) : []) : new Set(value === undefined ? [] : [String(value)]);
  const toggle = (option: string, on: boolean) => {
    if (!multiple) return ctx.onValue(leaf.pointer, option);
    const next = leaf.options.map((o) => o.value).filter((o) => (o === option ? on : chosen.has(o)));
    ctx.onValue(leaf.pointer, next.length ? next : undefined);
  };
  return html`<fieldset part="field choices" aria-describedby=${describedBy(id, leaf.help, error)}>
    <legend part="label">${label(leaf, ctx)}</legend>
    ${renderHint(id, leaf.help)} ${renderFieldError(id, error)}
    ${leaf.options.map(
      (option, index) => html`<label part="choice">
        <input
          part=${multiple ? 'checkbox' : 'radio'}
          type=${multiple ? 'checkbox' : 'radio'}
          id=${index === 0 ? id : `${id}-${index}`}
          name=${id}
          value=${option.value}
          ?disabled=${ctx.disabled}
          .checked=${live(chosen.has(option.value))}
          @change=${(event: Event) => toggle(option.value, (event.target as HTMLInputElement).checked)}
          @blur=${() => ctx.onLeave(leaf.pointer)}
        />
        ${option.label}
      </label>`,
    )}
  </fieldset>`;
}

function renderCheckbox(leaf: LeafField, ctx: FieldContext, id: string, error: string | undefined) {
  return html`<div part="field">
    ${renderFieldError(id, error)}
    <label part="choice">
      <input
        part="checkbox"
        type="checkbox"
        id=${id}
        ?disabled=${ctx.disabled}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy(id, leaf.help, error)}
        .checked=${live(ctx.value(leaf.pointer) === true)}
        @change=${(event: Event) => {
          const checked = (event.target as HTMLInputElement).checked;
          // A declaration that must be made (`const: true`) is missing, not false, until it is made.
          ctx.onValue(leaf.pointer, checked ? true : leaf.schema.const === true ? undefined : false);
        }}
        @blur=${() => ctx.onLeave(leaf.pointer)}
      />
      <span>${label(leaf, ctx)}</span>
    </label>
    ${renderHint(id, leaf.help)}
  </div>`;
}

function renderControl(leaf: LeafField, ctx: FieldContext, id: string, help: string | null, error: string | undefined) {
  const value = ctx.value(leaf.pointer);
  const common = { describedBy: describedBy(id, help, error), invalid: error ? 'true' : 'false' };
  const leave = () => ctx.onLeave(leaf.pointer);
  if (leaf.kind === 'select') {
    return html`<select
      part="select"
      id=${id}
      ?disabled=${ctx.disabled}
      aria-invalid=${common.invalid}
      aria-describedby=${common.describedBy}
      @change=${(event: Event) => ctx.onValue(leaf.pointer, (event.target as HTMLSelectElement).value || undefined)}
      @blur=${leave}
    >
      <option value="" ?selected=${value === undefined}>${ctx.texts.none}</option>
      ${leaf.options.map((option) => html`<option value=${option.value} ?selected=${String(value) === option.value}>${option.label}</option>`)}
    </select>`;
  }
  if (leaf.kind === 'textarea' || leaf.kind === 'lines') {
    const lines = leaf.kind === 'lines';
    const text = lines ? (Array.isArray(value) ? value.join('\n') : '') : typeof value === 'string' ? value : '';
    return html`<textarea
      part="textarea"
      id=${id}
      rows=${lines ? 3 : 5}
      ?disabled=${ctx.disabled}
      aria-invalid=${common.invalid}
      aria-describedby=${common.describedBy}
      .value=${live(text)}
      @input=${(event: Event) => {
        const entered = (event.target as HTMLTextAreaElement).value;
        const items = entered.split('\n').map((line) => line.trim()).filter(Boolean);
        ctx.onValue(leaf.pointer, lines ? (items.length ? items : undefined) : entered.trim() ? entered : undefined);
      }}
      @blur=${leave}
    ></textarea>`;
  }
  const number = leaf.kind === 'number';
  return html`<input
    part="input"
    id=${id}
    type=${leaf.kind === 'email' || leaf.kind === 'date' ? leaf.kind : 'text'}
    inputmode=${number ? (leaf.schema.type === 'integer' ? 'numeric' : 'decimal') : nothing}
    autocomplete="off"
    spellcheck=${leaf.kind === 'text' ? 'true' : 'false'}
    ?disabled=${ctx.disabled}
    aria-invalid=${common.invalid}
    aria-describedby=${common.describedBy}
    .value=${live(value === undefined ? '' : String(value))}
    @input=${(event: Event) => {
      const entered = (event.target as HTMLInputElement).value;
      ctx.onValue(leaf.pointer, number ? parseNumber(entered) : entered.trim() ? entered : undefined);
    }}
    @blur=${leave}
  />`;
}

function renderLeaf(leaf: LeafField, ctx: FieldContext): TemplateResult {
  const id = fieldId(leaf.pointer);
  const error = ctx.error(leaf.pointer);
  if (leaf.kind === 'radios' || leaf.kind === 'checkboxes') return renderChoices(leaf, ctx, id, error);
  if (leaf.kind === 'boolean') return renderCheckbox(leaf, ctx, id, error);
  const help = leaf.kind === 'lines' ? [leaf.help, ctx.texts.lines].filter(Boolean).join(' ') : leaf.help;
  return html`<div part="field">
    <label part="label" for=${id}>${label(leaf, ctx)}</label>
    ${renderHint(id, help)} ${renderFieldError(id, error)} ${renderControl(leaf, ctx, id, help, error)}
  </div>`;
}

/** A node of the form: an object as a fieldset with its legend (the form itself without one), a value as its control. */
export function renderNode(node: FormNode, ctx: FieldContext): TemplateResult {
  if (node.kind !== 'group') return renderLeaf(node, ctx);
  const children = node.children.map((child) => renderNode(child, ctx));
  if (!node.pointer) return html`${children}`;
  const id = fieldId(node.pointer);
  return html`<fieldset part="group" aria-describedby=${node.help ? `${id}-hint` : nothing}>
    <legend part="legend">${label(node, ctx)}</legend>
    ${renderHint(id, node.help)} ${children}
  </fieldset>`;
}
