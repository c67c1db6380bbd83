// A page's fixed words in one language: the document's language and title, the text of every element marked
// data-text="key", and the language switch (#lang), which names the other language in that language.
export function applyPageTexts(ui, lang, title = ui.title) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = title;
  for (const node of document.querySelectorAll('[data-text]')) {
    if (typeof ui[node.dataset.text] === 'string') node.textContent = ui[node.dataset.text];
  }
  const button = document.getElementById('lang');
  button.textContent = ui.switchTo;
  button.lang = ui.switchLang;
}
