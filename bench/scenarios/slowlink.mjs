// slowlink: 5,000 pods seen through a slow link, 80 ms round trip and 20 Mbit/s each way
// (the driver's proxy on loopback, in front of the apiserver). First full screen per tool,
// and a bare paged LIST through the same link as the floor.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpuSeconds } from '../lib/proc.mjs';
import { driver, population, startProxy } from '../lib/driver.mjs';
import { KUBECONFIG, SCRATCH, log, sleep } from '../lib/env.mjs';
import { median } from '../lib/numbers.mjs';
import { options } from '../lib/options.mjs';
import { fmt, note, table } from '../lib/results.mjs';
import { launch } from '../lib/tools.mjs';

export async function slowlink() {
  population(options.slowlinkPods, options.namespaces);
  const config = readFileSync(KUBECONFIG, 'utf8');
  const upstream = /server: https:\/\/([^\s/]+)/.exec(config)?.[1];
  if (!upstream) throw new Error(`slowlink: no server in ${KUBECONFIG}`);
  const proxy = await startProxy(upstream, options.slowlinkRttMs, options.slowlinkMbit);
  const kubeconfig = path.join(SCRATCH, 'slowlink.kubeconfig');
  writeFileSync(kubeconfig, config.replace(`server: https://${upstream}`, `server: https://${proxy.address}`));
  const lists = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      const bare = driver('list', [], kubeconfig);
      lists.push(bare.seconds);
      log(`slowlink run ${run} bare LIST: ${JSON.stringify(bare)}`);
      for (const tool of options.tools) {
        const { handle, seconds } = await launch(tool, `slowlink-${run}`, { kubeconfig }, options.fullTimeoutSeconds);
        note('slowlink', tool, 'full', run, seconds);
        note('slowlink', tool, 'cpu', run, cpuSeconds(handle.pid));
        log(`slowlink run ${run} ${tool}: full screen ${seconds?.toFixed(2)} s`);
        await handle.stop();
        await sleep(1_000);
      }
    }
  } finally {
    await proxy.stop();
  }
  return {
    title: `Slow link: ${options.slowlinkPods.toLocaleString('en')} pods, ${options.slowlinkRttMs} ms round trip, ${options.slowlinkMbit} Mbit/s`,
    body: [
      `Bare paged LIST through the same link (500 a page), median: ${fmt(median(lists), 2)} s.`,
      '',
      table('slowlink', options.tools, [
        ['first full screen (s)', 'full', 2],
        ['CPU s until then', 'cpu', 2],
      ]),
    ].join('\n'),
  };
}
