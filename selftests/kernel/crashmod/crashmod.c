// SPDX-License-Identifier: GPL-2.0
/*
 * crashmod - a test fixture for the VM harness, never part of the product: loading it with
 * mode=warn triggers a WARN, mode=oops a NULL pointer dereference (an oops), mode=hang blocks
 * the loading task in module init for `secs` seconds (uninterruptibly), mode=leak allocates
 * memory it never frees. The harness must report each as a failure with the kernel log, and
 * must not hang itself.
 */
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "warn";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "warn, oops, hang or leak");
static ulong addr;
module_param(addr, ulong, 0444);
MODULE_PARM_DESC(addr, "the address mode=oops reads (default 0: a NULL dereference)");
static uint secs = 3600;
module_param(secs, uint, 0444);
MODULE_PARM_DESC(secs, "how long mode=hang blocks");

static int __init crashmod_init(void)
{
	if (!strcmp(mode, "warn")) {
		WARN(1, "crashmod: deliberate WARN for the harness self-test\n");
	} else if (!strcmp(mode, "oops")) {
		pr_info("crashmod: deliberate bad read at %#lx\n", addr);
		return *(int *)addr;
	} else if (!strcmp(mode, "hang")) {
		unsigned long end = jiffies + secs * HZ;

		pr_info("crashmod: blocking module init for %u s\n", secs);
		while (time_before(jiffies, end))
			msleep(100);
	} else if (!strcmp(mode, "leak")) {
		void *lost = kmalloc(200, GFP_KERNEL);

		pr_info("crashmod: leaking 200 bytes at %p\n", lost);
	} else {
		return -EINVAL;
	}
	return 0;
}

static void __exit crashmod_exit(void)
{
}

module_init(crashmod_init);
module_exit(crashmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksrtp VM harness self-test fixture: WARN, oops, hang or leak on load");
