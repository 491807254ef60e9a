// Devices at the bottom of the Mounts & devices tab, for the lab's runc-hardened container: the
// cgroup v1 whitelist row by row (runc's rules, /dev/null named), the v2 device program query
// of its unified cgroup, and the nodes in its /dev with what each is. Values are checked against
// the kernel's own files read here (devices.list, lstat of /proc/PID/root/dev/null), not against
// what the app printed. Screenshots go to e2e/artifacts/.
import { lstatSync, readFileSync } from 'node:fs';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

test.describe('devices of a runc container', () => {
  test('the whitelist, the v2 program query and the /dev nodes, with their sources', async ({ app }, info) => {
    const hardened = labContainer('runc-hardened');
    const ui = new Inspector(app);
    const devices = ui.mounts;
    await ui.openWhenListed(hardened.id, 'Mounts & devices');
    const section = devices.devices;
    await expect(section).toBeVisible();

    // Every line of the kernel's devices.list is a row, in its order.
    const cgroupLine = readFileSync(`/proc/${hardened.initPid}/cgroup`, 'utf8')
      .split('\n')
      .find((l) => /:devices:/.test(l))!;
    const listPath = `/sys/fs/cgroup/devices${cgroupLine.split(':')[2]}/devices.list`;
    const lines = readFileSync(listPath, 'utf8').trim().split('\n');
    const rows = devices.v1Rules;
    await expect(rows).toHaveCount(lines.length);
    for (const [i, line] of lines.entries()) await expect(rows.nth(i)).toHaveAttribute('data-rule', `allow ${line}`);
    await expect(devices.v1Rule('allow c 1:3 rwm')).toContainText('null');
    await expect(section).toContainText(listPath);

    // The v2 query ran on its unified cgroup (none attached on this hybrid host's runc).
    await expect(section).toContainText('BPF_PROG_QUERY');
    await expect(devices.deviceProgram).toBeVisible();

    // /dev/null as lstat sees it through the container's root.
    const st = lstatSync(`/proc/${hardened.initPid}/root/dev/null`);
    const major = Math.floor(st.rdev / 256);
    const minor = st.rdev % 256;
    const nullRow = devices.node('/dev/null');
    await expect(nullRow).toContainText(`${major}:${minor}`);
    await expect(nullRow).toContainText('char');
    await expect(nullRow).toContainText('discards writes');
    await section.scrollIntoViewIfNeeded();
    await snap(app, 'devices-section', info.project.name);
    await devices.nodes.scrollIntoViewIfNeeded();
    await snap(app, 'devices-nodes', info.project.name);
  });
});
