import { englishMessages, flatten, type Language, type Messages } from '../../../shared/i18n';

// Every language's catalogue files, fetched when that language is first chosen (English is built in).
const files = import.meta.glob<Record<string, string>>('../../../shared/i18n/catalogues/*/*.json', { import: 'default' });

const loaded = new Map<Language, Promise<Messages>>([['en', Promise.resolve(englishMessages)]]);

/** A language's messages; English stands in for a key a language lacks (none in a shipped one: npm test checks). */
export function messagesOf(language: Language): Promise<Messages> {
  let messages = loaded.get(language);
  if (!messages) {
    const mine = Object.entries(files).filter(([path]) => path.includes(`/catalogues/${language}/`));
    messages = Promise.all(mine.map(async ([path, load]) => [/([^/]+)\.json$/.exec(path)![1]!, await load()] as const)).then((areas) => ({
      ...englishMessages,
      ...flatten(Object.fromEntries(areas)),
    }));
    // A failed fetch is tried again the next time.
    messages.catch(() => loaded.delete(language));
    loaded.set(language, messages);
  }
  return messages;
}
