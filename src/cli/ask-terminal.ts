// A yes/no question on the terminal, asked before podlife changes a cluster (delete, drain).
import { createInterface } from 'node:readline';

/** One line from the terminal; Ctrl-C or anything but y/yes is a no. */
export function askTerminal(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.on('SIGINT', () => {
      rl.close();
      resolve(false);
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^(y|yes)$/i.test(answer.trim()));
    });
  });
}
