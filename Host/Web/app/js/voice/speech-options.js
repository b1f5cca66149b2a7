// What the inspector suggests for spoken text: Twilio's `<Say language>` locales and, per locale,
// the voices Twilio accepts for it (man/woman, Amazon Polly standard and neural, Google), from
// Twilio's text-to-speech documentation. Suggestions only: the host validates the flow.

export const VOICES_BY_LANGUAGE = {
  'en-US': ['man', 'woman', 'Polly.Joanna', 'Polly.Joanna-Neural', 'Polly.Matthew', 'Polly.Matthew-Neural', 'Polly.Salli', 'Polly.Salli-Neural',
    'Polly.Kendra', 'Polly.Kimberly', 'Polly.Ivy', 'Polly.Joey', 'Polly.Justin', 'Google.en-US-Standard-C', 'Google.en-US-Wavenet-D'],
  'en-GB': ['man', 'woman', 'Polly.Amy', 'Polly.Amy-Neural', 'Polly.Brian', 'Polly.Brian-Neural', 'Polly.Emma', 'Polly.Emma-Neural',
    'Google.en-GB-Standard-A', 'Google.en-GB-Wavenet-B'],
  'en-AU': ['Polly.Nicole', 'Polly.Russell', 'Polly.Olivia-Neural', 'Google.en-AU-Standard-A'],
  'en-IN': ['Polly.Aditi', 'Polly.Raveena', 'Polly.Kajal-Neural', 'Google.en-IN-Standard-A'],
  'es-ES': ['man', 'woman', 'Polly.Conchita', 'Polly.Lucia', 'Polly.Lucia-Neural', 'Polly.Enrique', 'Google.es-ES-Standard-A'],
  'es-MX': ['Polly.Mia', 'Polly.Mia-Neural', 'Polly.Andres-Neural'],
  'es-US': ['Polly.Penelope', 'Polly.Miguel', 'Polly.Lupe', 'Polly.Lupe-Neural', 'Google.es-US-Standard-A'],
  'fr-FR': ['man', 'woman', 'Polly.Celine', 'Polly.Lea', 'Polly.Lea-Neural', 'Polly.Mathieu', 'Google.fr-FR-Standard-A'],
  'fr-CA': ['Polly.Chantal', 'Polly.Gabrielle-Neural', 'Google.fr-CA-Standard-A'],
  'de-DE': ['man', 'woman', 'Polly.Marlene', 'Polly.Vicki', 'Polly.Vicki-Neural', 'Polly.Hans', 'Google.de-DE-Standard-A'],
  'it-IT': ['Polly.Carla', 'Polly.Bianca', 'Polly.Bianca-Neural', 'Polly.Giorgio', 'Google.it-IT-Standard-A'],
  'pt-BR': ['Polly.Vitoria', 'Polly.Camila', 'Polly.Camila-Neural', 'Polly.Ricardo', 'Google.pt-BR-Standard-A'],
  'pt-PT': ['Polly.Ines', 'Polly.Ines-Neural', 'Polly.Cristiano'],
  'nl-NL': ['Polly.Lotte', 'Polly.Ruben', 'Polly.Laura-Neural', 'Google.nl-NL-Standard-A'],
  'da-DK': ['Polly.Naja', 'Polly.Mads'],
  'sv-SE': ['Polly.Astrid', 'Polly.Elin-Neural'],
  'nb-NO': ['Polly.Liv', 'Polly.Ida-Neural'],
  'pl-PL': ['Polly.Ewa', 'Polly.Maja', 'Polly.Jacek', 'Polly.Jan', 'Polly.Ola-Neural'],
  'ja-JP': ['Polly.Mizuki', 'Polly.Takumi', 'Polly.Takumi-Neural', 'Google.ja-JP-Standard-A'],
  'ko-KR': ['Polly.Seoyeon', 'Polly.Seoyeon-Neural'],
  'cmn-CN': ['Polly.Zhiyu', 'Polly.Zhiyu-Neural'],
  'tr-TR': ['Polly.Filiz'],
  'ru-RU': ['Polly.Tatyana', 'Polly.Maxim'],
};

/** Every locale Twilio speaks and recognizes (`<Say language>`, `<Gather language>`). */
export const LANGUAGES = ['af-ZA', 'ar-AE', 'ar-XA', 'bg-BG', 'bn-IN', 'ca-ES', 'cmn-CN', 'cmn-TW', 'cs-CZ', 'cy-GB', 'da-DK', 'de-AT',
  'de-CH', 'de-DE', 'el-GR', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-ZA', 'es-ES', 'es-MX', 'es-US', 'eu-ES',
  'fi-FI', 'fil-PH', 'fr-BE', 'fr-CA', 'fr-FR', 'gl-ES', 'gu-IN', 'he-IL', 'hi-IN', 'hu-HU', 'id-ID', 'is-IS', 'it-IT', 'ja-JP', 'kn-IN',
  'ko-KR', 'lt-LT', 'lv-LV', 'ml-IN', 'mr-IN', 'ms-MY', 'nb-NO', 'nl-BE', 'nl-NL', 'pa-IN', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU',
  'sk-SK', 'sr-RS', 'sv-SE', 'ta-IN', 'te-IN', 'th-TH', 'tr-TR', 'uk-UA', 'vi-VN', 'yue-HK', 'zh-CN', 'zh-HK', 'zh-TW'];

/** Voices to suggest: those of the language in force, or every voice when none is chosen. */
export function voicesFor(language) {
  return VOICES_BY_LANGUAGE[language] || [...new Set(Object.values(VOICES_BY_LANGUAGE).flat())];
}
