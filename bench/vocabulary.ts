/**
 * Names for the synthetic trace: kernel-like function symbols ranked by popularity, and
 * task names. Deterministic for a given PRNG.
 */
import type { Rng } from './rng';

/**
 * Real symbols that dominate function_graph traces, hottest first. The first block are
 * functions that (almost) never call anything traced: they are always printed as leaves.
 */
export const LEAFY_FUNCTIONS = [
  '_raw_spin_lock',
  '__rcu_read_lock',
  '__rcu_read_unlock',
  '_raw_spin_unlock',
  '_raw_spin_lock_irqsave',
  '_raw_spin_unlock_irqrestore',
  '__cond_resched',
  'rcu_all_qs',
  'mutex_lock',
  'mutex_unlock',
  'preempt_count_add',
  'preempt_count_sub',
  'down_read_trylock',
  'up_read',
  'fpregs_assert_state_consistent',
  'syscall_exit_to_user_mode_prepare',
  'PageHeadHuge',
  'add_mm_counter_fast',
  'next_uptodate_page',
  'psi_flags_change',
  'update_curr',
  '__update_load_avg_se',
  '__update_load_avg_cfs_rq',
  'update_rq_clock',
  'rcu_note_context_switch',
  'pick_next_entity',
  'hrtick_update',
  'mem_cgroup_from_task',
  '__cgroup_rstat_updated',
  'kfree',
  'should_failslab',
  'memcg_slab_post_alloc_hook',
  'get_obj_cgroup_from_current',
  '__check_object_size',
  'check_stack_object',
  '__virt_addr_valid',
  'security_file_permission',
  'rw_verify_area',
  'fput',
  '__fdget_pos',
  '__fget_light',
  'ktime_get',
  'ktime_get_coarse_real_ts64',
  'current_time',
  'touch_atime',
  'lock_page_memcg',
  'unlock_page_memcg',
  'folio_memcg_lock.part.0',
  'irq_enter_rcu',
  'irq_exit_rcu',
  'idle_cpu',
  'sched_idle_set_state',
  'intel_idle',
  'native_sched_clock',
  'sched_clock_cpu',
  'arch_scale_freq_tick',
  'account_process_tick',
  'raise_softirq',
  'tick_program_event',
  'clockevents_program_event',
  'lapic_next_deadline',
  'switch_mm_irqs_off',
  'copy_user_enhanced_fast_string',
  'clear_page_erms',
  'memcpy_erms',
  'memset_erms',
  'strncpy_from_user',
  'try_module_get',
  'module_put',
  'lockref_get_not_dead',
  'lockref_put_return',
  'dput',
  'mntput',
  'path_put',
  'legitimize_links',
  'terminate_walk',
  'aa_file_perm',
  'apparmor_file_permission',
  'kmalloc_slab',
  '__kmalloc_node_track_caller',
  'skb_release_head_state',
  'sock_rfree',
  'tcp_rcv_space_adjust',
  'tcp_cleanup_rbuf',
  'release_sock',
  'lock_sock_nested',
  '_raw_spin_lock_bh',
  '_raw_spin_unlock_bh',
  '__local_bh_enable_ip',
  'get_random_u32',
  'rb_erase',
  'rb_insert_color',
  'rb_next',
  'timerqueue_add',
  'timerqueue_del',
  'enqueue_hrtimer',
  '__remove_hrtimer',
  'hrtimer_forward',
  'rcu_read_unlock_strict',
  'find_vma',
];

/** Real symbols that usually have traced children (nested entries). */
const NESTED_FUNCTIONS = [
  'do_syscall_64',
  'syscall_exit_to_user_mode',
  'exit_to_user_mode_prepare',
  'exc_page_fault',
  'do_user_addr_fault',
  'lock_mm_and_find_vma',
  'handle_mm_fault',
  '__handle_mm_fault',
  'do_fault',
  'filemap_map_pages',
  'do_set_pte',
  'page_add_file_rmap',
  'folio_memcg_unlock',
  '__count_memcg_events',
  '__x64_sys_read',
  'ksys_read',
  'vfs_read',
  'new_sync_read',
  'sock_read_iter',
  'sock_recvmsg',
  'inet_recvmsg',
  'tcp_recvmsg',
  'tcp_recvmsg_locked',
  'skb_copy_datagram_iter',
  '__skb_datagram_iter',
  '__x64_sys_write',
  'ksys_write',
  'vfs_write',
  'new_sync_write',
  'sock_write_iter',
  'sock_sendmsg',
  'inet_sendmsg',
  'tcp_sendmsg',
  'tcp_sendmsg_locked',
  'tcp_push',
  '__tcp_push_pending_frames',
  'tcp_write_xmit',
  '__tcp_transmit_skb',
  'ip_queue_xmit',
  '__ip_queue_xmit',
  'ip_local_out',
  'ip_output',
  'ip_finish_output2',
  '__dev_queue_xmit',
  'dev_hard_start_xmit',
  'loopback_xmit',
  'netif_rx',
  '__netif_receive_skb',
  '__netif_receive_skb_one_core',
  'ip_rcv',
  'ip_local_deliver',
  'ip_local_deliver_finish',
  'ip_protocol_deliver_rcu',
  'tcp_v4_rcv',
  'tcp_v4_do_rcv',
  'tcp_rcv_established',
  'tcp_data_queue',
  'sock_def_readable',
  '__wake_up_sync_key',
  '__wake_up_common_lock',
  '__wake_up_common',
  'ep_poll_callback',
  'try_to_wake_up',
  'ttwu_do_activate',
  'enqueue_task_fair',
  'enqueue_entity',
  'check_preempt_curr',
  'resched_curr',
  '__x64_sys_epoll_wait',
  'do_epoll_wait',
  'ep_poll',
  'ep_send_events',
  'schedule_hrtimeout_range',
  'schedule_hrtimeout_range_clock',
  '__x64_sys_openat',
  'do_sys_openat2',
  'do_filp_open',
  'path_openat',
  'link_path_walk.part.0.constprop.0',
  'walk_component',
  'lookup_fast',
  '__d_lookup_rcu',
  'do_open',
  'vfs_open',
  'do_dentry_open',
  'ext4_file_open',
  'alloc_empty_file',
  '__alloc_file',
  'kmem_cache_alloc',
  'kmem_cache_free',
  '__kmalloc',
  '__x64_sys_close',
  'close_fd',
  'filp_close',
  '__fput',
  '____fput',
  'task_work_run',
  '__x64_sys_futex',
  'do_futex',
  'futex_wait',
  'futex_wait_setup',
  'futex_wake',
  '__x64_sys_mmap',
  'ksys_mmap_pgoff',
  'vm_mmap_pgoff',
  'do_mmap',
  'mmap_region',
  'vma_merge',
  '__x64_sys_munmap',
  '__vm_munmap',
  'do_vmi_munmap',
  'unmap_region',
  'unmap_vmas',
  'zap_pte_range',
  'tlb_finish_mmu',
  'free_pages_and_swap_cache',
  'release_pages',
  '__x64_sys_poll',
  'do_sys_poll',
  'do_poll.constprop.0',
  'sock_poll',
  'tcp_poll',
  '__x64_sys_newfstatat',
  'vfs_fstatat',
  'vfs_statx',
  'filename_lookup',
  'path_lookupat',
  '__x64_sys_ioctl',
  'do_vfs_ioctl',
  '__x64_sys_clock_nanosleep',
  'common_nsleep',
  'hrtimer_nanosleep',
  'do_nanosleep',
  'hrtimer_start_range_ns',
  '__x64_sys_getdents64',
  'iterate_dir',
  'ext4_readdir',
  'filldir64',
  '__x64_sys_pread64',
  'ext4_file_read_iter',
  'generic_file_read_iter',
  'filemap_read',
  'filemap_get_pages',
  'filemap_get_read_batch',
  'copy_page_to_iter',
  '__x64_sys_writev',
  'do_writev',
  'vfs_writev',
  'ext4_buffered_write_iter',
  'generic_perform_write',
  'ext4_da_write_begin',
  'ext4_da_write_end',
  'block_write_end',
  '__block_commit_write.constprop.0',
  'mark_buffer_dirty',
  '__folio_mark_dirty',
  '__sysvec_apic_timer_interrupt',
  'hrtimer_interrupt',
  '__hrtimer_run_queues',
  'tick_sched_timer',
  'tick_sched_handle',
  'update_process_times',
  'scheduler_tick',
  'task_tick_fair',
  'entity_tick',
  'update_load_avg',
  'irq_exit_rcu',
  '__irq_exit_rcu',
  '__do_softirq',
  'run_rebalance_domains',
  'rebalance_domains',
  'load_balance',
  'find_busiest_group',
  'update_sd_lb_stats.constprop.0',
  'rcu_core',
  'rcu_do_batch',
  'net_rx_action',
  '__napi_poll',
  'process_backlog',
  'tasklet_action_common.constprop.0',
  'run_timer_softirq',
  '__run_timers.part.0',
  'call_timer_fn',
  'blk_mq_submit_bio',
  'submit_bio_noacct_nocheck',
  '__submit_bio',
  'blk_mq_flush_plug_list',
  'blk_mq_dispatch_rq_list',
  'nvme_queue_rq',
  'nvme_irq',
  'blk_mq_complete_request',
  'blk_mq_end_request',
  'bio_endio',
  'ext4_end_bio',
  'process_one_work',
  'worker_thread',
  'wb_workfn',
  'wb_writeback',
  'writeback_sb_inodes',
  '__writeback_single_inode',
  'do_writepages',
  'ext4_writepages',
  'jbd2_journal_commit_transaction',
  'jbd2_journal_get_write_access',
  'do_get_write_access',
  '__ext4_journal_get_write_access',
  'ext4_dirty_inode',
  'ext4_mark_iloc_dirty',
  '__ext4_mark_inode_dirty',
  'alloc_pages',
  '__alloc_pages',
  'get_page_from_freelist',
  'rmqueue_bulk',
  'free_unref_page',
  'free_unref_page_commit',
  'mem_cgroup_charge_statistics.constprop.0',
  '__mem_cgroup_charge',
  'charge_memcg',
  'try_charge_memcg',
  'page_counter_try_charge',
  'obj_cgroup_charge',
  'refill_obj_stock',
  'vma_alloc_folio',
  'do_anonymous_page',
  'wp_page_copy',
  'do_wp_page',
  'copy_mc_to_kernel',
  'select_task_rq_fair',
  'select_idle_sibling',
  'available_idle_cpu',
  'update_cfs_group',
  'reweight_entity',
  'set_next_entity',
  'put_prev_entity',
  'pick_next_task_fair',
  'dequeue_task_fair',
  'dequeue_entity',
  'psi_task_switch',
  'psi_group_change',
  '__traceiter_sched_switch',
  'finish_task_switch.isra.0',
  'schedule',
  '__schedule',
  'schedule_idle',
  'schedule_timeout',
  'wait_woken',
  'sk_wait_data',
  'tick_nohz_idle_enter',
  'tick_nohz_idle_exit',
  'tick_nohz_idle_stop_tick',
  'tick_nohz_restart_sched_tick',
  'cpuidle_enter',
  'cpuidle_enter_state',
  'menu_select',
  'tick_nohz_get_sleep_length',
  'irqentry_exit_to_user_mode',
  'arch_do_signal_or_restart',
  'get_signal',
  'dequeue_signal',
  'security_socket_recvmsg',
  'security_socket_sendmsg',
  'apparmor_socket_sendmsg',
  'aa_sk_perm',
  'kprobe_ftrace_handler',
  'perf_event_task_tick',
  'kvm_arch_vcpu_ioctl_run',
  'vcpu_enter_guest.constprop.0',
  'vmx_vcpu_run',
  'drm_ioctl',
  'i915_gem_execbuffer2_ioctl',
  'snd_pcm_period_elapsed',
  'n_tty_read',
  'tty_write',
  'pty_write',
  'queue_work_on',
  '__queue_work',
  'insert_work',
  'wake_up_process',
  'kthread',
  'ret_from_fork',
];

/** Depth-0 call sites and their weights: what a task's outermost traced calls are. */
export const ROOT_FUNCTIONS: readonly [string, number][] = [
  ['do_syscall_64', 30],
  ['__x64_sys_read', 12],
  ['__x64_sys_write', 8],
  ['__x64_sys_epoll_wait', 5],
  ['__x64_sys_futex', 5],
  ['exc_page_fault', 8],
  ['syscall_exit_to_user_mode', 6],
  ['__x64_sys_openat', 3],
  ['__x64_sys_close', 3],
  ['__x64_sys_poll', 2],
  ['__x64_sys_mmap', 2],
  ['__x64_sys_munmap', 1],
  ['__x64_sys_newfstatat', 2],
  ['__x64_sys_clock_nanosleep', 1],
  ['__x64_sys_pread64', 1],
  ['__x64_sys_writev', 1],
  ['__x64_sys_getdents64', 1],
  ['__x64_sys_ioctl', 2],
  ['irqentry_exit_to_user_mode', 2],
  ['process_one_work', 2],
  ['mutex_unlock', 1],
  ['syscall_exit_to_user_mode_prepare', 1],
];

/** Interrupt entry points, nested at whatever depth the task is at. */
export const IRQ_FUNCTIONS: readonly string[] = [
  '__sysvec_apic_timer_interrupt',
  'irq_exit_rcu',
  'nvme_irq',
  '__do_softirq',
];

const PREFIXES = ['', '', '', '', '__', '__', '_', 'do_', '__do_'];
const SUBSYSTEMS = (
  'tcp udp ip ipv6 sock skb netif dev napi ext4 xfs btrfs vfs fs file inode dentry d path mnt mm page folio ' +
  'vma pte pmd kmem slab mem_cgroup cgroup css sched rq cfs rt task cpu rcu irq softirq hrtimer timer tick ' +
  'clockevents ktime futex epoll ep poll pipe eventfd signal audit security selinux apparmor bpf perf trace ' +
  'ring_buffer blk blk_mq bio nvme scsi sd ata virtio vring kvm x86 apic acpi pci usb drm i915 amdgpu snd ' +
  'input tty n_tty uart workqueue kthread wq percpu lru swap shmem hugetlb compaction zone node numa iommu ' +
  'dma crypto aes sha256 random seq proc sysfs kernfs debugfs fsnotify inotify locks lockref rwsem seqcount ' +
  'wake wait completion kobject device driver bus netlink rtnl nf nft xt conntrack neigh arp fib dst route ' +
  'xfrm sk inet unix packet veth br vlan bond ethtool phy igb ixgbe mlx5 iwl cfg80211 ieee80211 jbd2 ' +
  'journal quota dquot fscrypt fsverity overlayfs ovl fuse nfs rpc svc sunrpc cifs smb ceph io_uring io aio'
).split(' ');
const VERBS = (
  'alloc free get put lookup find init exit update queue dequeue enqueue lock unlock read write flush ' +
  'commit submit complete wake_up check handle map unmap insert remove add del set clear copy move open ' +
  'release create destroy start stop prepare finish account charge uncharge try process poll send recv rcv ' +
  'xmit select pick balance migrate reclaim scan isolate evict attach detach validate resolve fill drain ' +
  'sync walk iterate next bind connect accept splice fault mark test restore save switch notify register ' +
  'unregister apply parse build estimate calc compute adjust refill merge split grab trim wait signal'
).split(' ');
const OBJECTS = (
  '- - - page pages entity task buffer request node range state stats list entry table cache inode bio skb ' +
  'sock conn ctx work timer event events irq vector mask bits flags ops info data desc region zone lruvec ' +
  'folio mapping extent block blocks segment queue tag tags cpu rq cfs_rq se group tree fd file path name ' +
  'attr perm cred ns mnt sb super journal handle txn log wait waiter lock count ref seq rcu callback pending ' +
  'active idle load util avg clock time deadline slice budget credit window retrans ack mss cwnd hdr frag dst'
).split(' ');

/**
 * `n` distinct names in popularity order: the real symbols (leaf-like first), then
 * generated `prefix + subsystem_verb[_object][.isra.0|.constprop.0|.part.0]` names.
 */
export function buildVocabulary(rng: Rng, n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  // Interleave so that popularity ranks mix leaf-like and nested real names.
  const a = LEAFY_FUNCTIONS;
  const b = NESTED_FUNCTIONS;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) add(a[i]);
    if (i < b.length) add(b[i]);
  }
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const pre = PREFIXES[rng.int(PREFIXES.length)];
    const sub = SUBSYSTEMS[rng.int(SUBSYSTEMS.length)];
    const verb = VERBS[rng.int(VERBS.length)];
    const obj = OBJECTS[rng.int(OBJECTS.length)];
    let name = `${pre}${sub}_${verb}${obj === '-' ? '' : '_' + obj}`;
    const r = rng.next();
    if (r < 0.04) name += '.isra.0';
    else if (r < 0.07) name += '.constprop.0';
    else if (r < 0.09) name += '.part.0';
    else if (r < 0.095) name += '.constprop.1';
    add(name);
  }
  return out;
}

export interface TaskSpec {
  comm: string;
  pid: number;
  prio: number;
}

/** Task names as they appear in real traces: dashes, slashes, colons, spaces, long pids. */
const TASKS: readonly TaskSpec[] = [
  { comm: 'curl', pid: 139, prio: 120 },
  { comm: 'nginx', pid: 4411, prio: 120 },
  { comm: 'nginx', pid: 4412, prio: 120 },
  { comm: 'kworker/1:2', pid: 211, prio: 120 },
  { comm: 'kworker/u16:3', pid: 3107, prio: 120 },
  { comm: 'kworker/0:1H', pid: 187, prio: 100 },
  { comm: 'ksoftirqd/0', pid: 14, prio: 120 },
  { comm: 'ksoftirqd/3', pid: 33, prio: 120 },
  { comm: 'rcu_preempt', pid: 15, prio: 120 },
  { comm: 'systemd-journal', pid: 402, prio: 120 },
  { comm: 'systemd', pid: 1, prio: 120 },
  { comm: 'trace-cmd', pid: 527, prio: 120 },
  { comm: 'trace-cmd', pid: 529, prio: 120 },
  { comm: 'irq/45-nvme0q3', pid: 388, prio: 49 },
  { comm: 'sshd', pid: 1822, prio: 120 },
  { comm: 'bash', pid: 2203, prio: 120 },
  { comm: 'python3', pid: 30112, prio: 120 },
  { comm: 'postgres', pid: 9120, prio: 120 },
  { comm: 'postgres', pid: 9133, prio: 120 },
  { comm: 'java', pid: 71234, prio: 120 },
  { comm: 'C2 CompilerThre', pid: 71251, prio: 120 },
  { comm: 'Isolated Web Co', pid: 23817, prio: 120 },
  { comm: 'Web Content', pid: 23901, prio: 120 },
  { comm: 'gnome-shell', pid: 1544, prio: 120 },
  { comm: 'Xwayland', pid: 1602, prio: 120 },
  { comm: 'pulseaudio', pid: 1490, prio: 109 },
  { comm: 'containerd', pid: 871, prio: 120 },
  { comm: 'dockerd', pid: 1033, prio: 120 },
  { comm: 'node', pid: 120034, prio: 120 },
  { comm: 'redis-server', pid: 2931, prio: 120 },
  { comm: 'jbd2/nvme0n1p2-', pid: 412, prio: 120 },
  { comm: 'kcompactd0', pid: 55, prio: 120 },
  { comm: 'khugepaged', pid: 57, prio: 139 },
  { comm: 'migration/2', pid: 27, prio: 0 },
  { comm: 'NetworkManager', pid: 903, prio: 120 },
  { comm: 'dbus-daemon', pid: 812, prio: 120 },
  { comm: 'chrome', pid: 2204117, prio: 120 },
  { comm: 'ThreadPoolForeg', pid: 2204180, prio: 120 },
  { comm: 'gmain', pid: 1561, prio: 120 },
  { comm: 'rs:main Q:Reg', pid: 733, prio: 120 },
  { comm: 'in:imklog', pid: 731, prio: 120 },
  { comm: 'kworker/3:0', pid: 4021, prio: 120 },
  { comm: 'kworker/u17:0-ev', pid: 5120, prio: 120 },
  { comm: 'yes', pid: 406, prio: 120 },
  { comm: 'yes', pid: 407, prio: 120 },
  { comm: 'sleep', pid: 528, prio: 120 },
  { comm: 'nc.openbsd', pid: 405, prio: 120 },
  { comm: 'sh', pid: 404, prio: 120 },
];

/** `n` tasks: the list above, then `worker-N` / `kworker/u32:N` names with fresh pids. */
export function buildTasks(n: number): TaskSpec[] {
  const out: TaskSpec[] = [];
  for (let i = 0; i < n; i++) {
    if (i < TASKS.length) {
      const t = TASKS[i];
      out.push({ comm: t.comm.slice(0, 15), pid: t.pid, prio: t.prio });
    } else {
      const k = i - TASKS.length;
      out.push({ comm: k % 3 === 0 ? `kworker/u32:${k}` : `worker-${k}`, pid: 40000 + k * 7, prio: 120 });
    }
  }
  return out;
}
