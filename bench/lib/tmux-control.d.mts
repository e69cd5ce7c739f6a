// Types for the end-to-end tests, which read panes with the bench's control-mode reader.
export declare class TmuxControlReader {
  constructor(tmuxArgs: string[], target: string);
  /** The pane's text, as `capture-pane -p` prints it. */
  read(): Promise<string>;
  close(): void;
}
