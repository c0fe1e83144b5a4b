/**
 * `node --import tsx scripts/check-register.mjs`: every catalogue of texts keeps its language's
 * register and typography, as the README's "Translations" section sets them — Catalan addresses
 * the reader as *vós*, Spanish as *usted*, both write ’, « » and 95 %, and English says "slot", not
 * "time", for a bookable time. It reads the widgets' catalogues (`…/translations/*.ts`) and the
 * server's (`texts.ts`, one object per language) as the running code sees them, so a message
 * built by a function is checked as it comes out. Prints each offence as `✖ file: key: rule:
 * "text"` and exits with 1 if there is any.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './setup.mjs';

const LANGS = ['ca', 'es', 'en'];

/**
 * A command on a button or link is a short clause with no full stop: Catalan writes it in the
 * imperative as its software does ("Torna-ho a provar", "Desa"), Spanish in the infinitive. The
 * rules on verbs apply to sentences only; pronouns and possessives never name a command.
 */
const isSentence = (text) => /[.?!:…]\s*$|[.?!:]\s/.test(text.trim());

/** `\b` knows ASCII letters only: a word boundary for Catalan and Spanish. */
const word = (alternatives) => new RegExp(`(?<![\\p{L}·-])(?:${alternatives})(?![\\p{L}·])`, 'iu');

/**
 * Catalan: *tu* shows in its pronouns and possessives, in an imperative with a clitic whose stem is
 * not *vós* (-eu, -iu), an infinitive (-r) or a gerund (-nt), and in forms no other person shares.
 * The bare imperative ("Tria") is also the third person ("Tria" = chooses): left to the review.
 */
const CA_TU_ANYWHERE = word("tu|teu|teva|teus|teves|et|t’|\\p{L}+’t|\\p{L}+-te|\\p{L}+’ns");
const CA_TU_SENTENCE = word('\\p{L}+(?<![eiur]|nt)-(?:ho|la|les|lo|los|ne|hi)|pots|vols|has|tens|ets|estàs|necessites|podràs|rebràs|hauràs|respons|digues');
/** Spanish: *tú* shows in its pronouns and possessives and in forms no other person shares. */
const ES_TU_ANYWHERE = word('tú|tu|tus|te|ti|contigo|tuyo|tuya|tuyos|tuyas');
const ES_TU_SENTENCE = word(
  'puedes|quieres|tienes|necesitas|debes|has|estás|eres|podrás|recibirás|asegúrate|dirígete|cuéntanos|permítelo|dale|sostén|vuelve a intentarlo',
);

/** UTF-8 read as Latin-1 and written again: ’ becomes â€™, é becomes Ã©. */
const MOJIBAKE = ['text encoded twice (mojibake)', (text) => /[ÂÃâ][\u0080-\u00bf€™]/u.test(text)];

/** The rules each language's texts must pass: a name and a test that finds an offence. */
const RULES = {
  ca: [
    ['tu instead of vós', (text) => CA_TU_ANYWHERE.test(text) || (isSentence(text) && CA_TU_SENTENCE.test(text))],
    ['straight apostrophe (write ’)', (text) => /\p{L}'\p{L}/u.test(text)],
    ['straight or English quotes (write « »)', (text) => /"|“|”/.test(text)],
    ['percent sign without a no-break space (95\u00a0%)', (text) => /\d ?%/.test(text)],
    MOJIBAKE,
  ],
  es: [
    ['tú instead of usted', (text) => ES_TU_ANYWHERE.test(text) || (isSentence(text) && ES_TU_SENTENCE.test(text))],
    ['straight or English quotes (write « »)', (text) => /"|“|”/.test(text)],
    ['"de el"/"a el" (write del/al)', (text) => word('de el|a el').test(text)],
    ['percent sign without a no-break space (95\u00a0%)', (text) => /\d ?%/.test(text)],
    MOJIBAKE,
  ],
  en: [
    ['straight apostrophe (write ’)', (text) => /\p{L}'\p{L}/u.test(text)],
    ['a bookable time is a "slot"', (text) => /\bfree times?\b/i.test(text)],
    MOJIBAKE,
  ],
};

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** The texts a message gives: a string, a plural's forms, a list's items, a function's result for sample arguments. */
function texts(value, key) {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => texts(item, `${key}[${i}]`));
  if (typeof value === 'function') {
    // Sample arguments that read naturally in any sentence: a word for names, a count for numbers.
    for (const sample of ['Vilademo', 2]) {
      try {
        return texts(value(...Array(value.length).fill(sample)), `${key}()`);
      } catch {
        // A function that does arithmetic on its argument takes the number next.
      }
    }
    return [];
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, key ? `${key}.${k}` : k));
  return [];
}

/** [file, language, key, text] for every message in every catalogue. */
async function catalogue() {
  const found = [];
  for (const path of files(join(root, 'packages/widgets/src'))) {
    const lang = /translations\/(?:[\w-]+\.)?(ca|es|en)\.ts$/.exec(path)?.[1];
    if (!lang) continue;
    const module = await import(pathToFileURL(path).href);
    for (const [key, text] of texts(module)) found.push([path, lang, key, text]);
  }
  for (const path of files(join(root, 'packages/server/src'))) {
    if (!path.endsWith('/texts.ts')) continue;
    const module = await import(pathToFileURL(path).href);
    for (const exported of Object.values(module)) {
      if (!exported || typeof exported !== 'object' || !LANGS.every((lang) => lang in exported)) continue;
      for (const lang of LANGS) for (const [key, text] of texts(exported[lang], '')) found.push([path, lang, key, text]);
    }
  }
  return found;
}

const messages = await catalogue();
let offences = 0;
for (const [path, lang, key, text] of messages) {
  for (const [rule, offends] of RULES[lang]) {
    if (!offends(text)) continue;
    offences += 1;
    console.log(`✖ ${relative(root, path)}: ${key}: ${rule}: "${text}"`);
  }
}
console.log(`${messages.length} messages, ${offences} against the register or typography of their language`);
process.exitCode = offences ? 1 : 0;
