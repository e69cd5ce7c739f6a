// startup: first full screen with 5,000 pods present; memory: peak RSS with 10,000.
import { cpuSeconds, peakRssMb } from '../lib/proc.mjs';
import { population } from '../lib/driver.mjs';
import { KUBECONFIG, log, sleep } from '../lib/env.mjs';
import { options } from '../lib/options.mjs';
import { note, table } from '../lib/results.mjs';
import { launch } from '../lib/tools.mjs';

async function firstScreens(scenario, pods, settleSeconds) {
  population(pods, options.namespaces);
  for (let run = 1; run <= options.runs; run++) {
    for (const tool of options.tools) {
      const { handle, seconds } = await launch(tool, `${scenario}-${run}`, { kubeconfig: KUBECONFIG }, options.fullTimeoutSeconds);
      note(scenario, tool, 'full', run, seconds);
      note(scenario, tool, 'fullCpu', run, cpuSeconds(handle.pid));
      if (settleSeconds) await sleep(settleSeconds * 1000); // caches and first refreshes settle
      note(scenario, tool, 'rss', run, peakRssMb(handle.pid));
      log(`${scenario} ${pods} pods run ${run} ${tool}: full screen ${seconds?.toFixed(2)} s, cpu ${cpuSeconds(handle.pid).toFixed(2)} s, peak rss ${peakRssMb(handle.pid).toFixed(0)} MB`);
      await handle.stop();
      await sleep(1_000);
    }
  }
}

export async function startup() {
  const pods = options.pods;
  await firstScreens('startup', pods, 0);
  return {
    title: `Startup: ${pods.toLocaleString('en')} pods`,
    body: table('startup', options.tools, [
      [`${pods.toLocaleString('en')} pods: first full screen (s)`, 'full', 2],
      [`${pods.toLocaleString('en')} pods: CPU s until then`, 'fullCpu', 2],
    ]),
  };
}

export async function memory() {
  const pods = options.memoryPods;
  await firstScreens('memory', pods, 10);
  return {
    title: `Memory: ${pods.toLocaleString('en')} pods`,
    body: table('memory', options.tools, [
      [`${pods.toLocaleString('en')} pods: first full screen (s)`, 'full', 2],
      [`${pods.toLocaleString('en')} pods: peak RSS 10 s later (MB)`, 'rss', 0],
    ]),
  };
}
