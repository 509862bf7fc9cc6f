/** The letters that label K choices: `A`, `B`, … (26 at most). */
export function choiceLetters(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
}
