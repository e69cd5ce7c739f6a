// The dashboard runs Ink on podlife's layout engine (cli/ink-module-swaps.ts swaps it in
// for yoga-layout); Ink in these tests imports yoga-layout itself, so its nodes are made
// by podlife's engine here, and the screens these tests read are laid out as users see
// them. test/unit/ink-layout.test.ts checks the engine against yoga.
import Yoga from 'yoga-layout';
import Layout from '../../src/ui/ink-layout.js';

(Yoga as unknown as { Node: unknown }).Node = Layout.Node;
