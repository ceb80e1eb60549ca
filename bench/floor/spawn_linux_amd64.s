#include "textflag.h"

// func rawSpawn3(cl *cloneArgs, path *byte, argv, envp **byte, in, out uintptr) (pid, errno uintptr)
//
// clone3 and, in the child, dup2(in, 0), dup2(out, 1), execve(path, argv,
// envp), exit_group(127). The child runs on the parent's stack pointer but
// touches no user memory (only registers; the syscall instruction saves
// nothing on the user stack, and CLONE_CLEAR_SIGHAND means no handler frame
// is ever pushed), so it is safe both with CLONE_VFORK (parent suspended
// until the execve) and without it (parent goes on while the child execs).
TEXT ·rawSpawn3(SB),NOSPLIT|NOFRAME,$0-64
	MOVQ	cl+0(FP), DI
	MOVQ	path+8(FP), R12
	MOVQ	argv+16(FP), R13
	MOVQ	envp+24(FP), BX
	MOVQ	in+32(FP), R8
	MOVQ	out+40(FP), R9
	MOVQ	$64, SI // CLONE_ARGS_SIZE_VER0
	MOVQ	$435, AX // SYS_clone3
	SYSCALL
	CMPQ	AX, $0
	JEQ	child
	CMPQ	AX, $-4096
	JLS	ok
	NEGQ	AX
	MOVQ	$-1, pid+48(FP)
	MOVQ	AX, errno+56(FP)
	RET
ok:
	MOVQ	AX, pid+48(FP)
	MOVQ	$0, errno+56(FP)
	RET

child:
	CMPQ	R8, $0
	JEQ	stdout
	MOVQ	R8, DI
	MOVQ	$0, SI
	MOVQ	$33, AX // SYS_dup2
	SYSCALL
stdout:
	CMPQ	R9, $1
	JEQ	exec
	MOVQ	R9, DI
	MOVQ	$1, SI
	MOVQ	$33, AX // SYS_dup2
	SYSCALL
exec:
	MOVQ	R12, DI
	MOVQ	R13, SI
	MOVQ	BX, DX
	MOVQ	$59, AX // SYS_execve
	SYSCALL
	MOVQ	$127, DI
	MOVQ	$231, AX // SYS_exit_group
	SYSCALL
	HLT
