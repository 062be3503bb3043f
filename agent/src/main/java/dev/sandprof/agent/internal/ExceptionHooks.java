package dev.sandprof.agent.internal;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inserts the exception recorder's hooks into instrumented code: before each {@code athrow}
 * ({@link ExceptionRecorder#thrown}) and at the entry of each typed exception handler
 * ({@link ExceptionRecorder#caught}), each passing the number of its site. Untyped handlers
 * ({@code finally}, {@code synchronized}) rethrow what they get: they catch nothing.
 *
 * <p>Registered after the call-stack advice, so that it sees the method's own code only, not the
 * advice's handler. The hooks only duplicate the exception and push a constant: no new branch, no
 * new frame.
 */
final class ExceptionHooks extends AsmVisitorWrapper.AbstractBase {

    private static final String RECORDER = Type.getInternalName(ExceptionRecorder.class);
    private static final String HOOK = "(Ljava/lang/Throwable;I)V";

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        String className = instrumentedType.getName();
        return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
            @Override
            public void visitSource(String source, String debug) {
                CodeSites.sourceFile(className, source);
                super.visitSource(source, debug);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                return mv != null && hasCode ? new Hooking(mv, className, name) : mv;
            }
        };
    }

    /** One method's code, with the hooks put in as it streams through. */
    private static final class Hooking extends MethodVisitor {

        private final String className;
        private final String methodName;
        private final Set<Label> handlers = new HashSet<>();
        private int line = -1;
        /** A handler starts here: its hook goes before its first instruction (after its frame). */
        private boolean atHandler;

        Hooking(MethodVisitor mv, String className, String methodName) {
            super(OpenedClassReader.ASM_API, mv);
            this.className = className;
            this.methodName = methodName;
        }

        private void hook(String method) {
            super.visitInsn(Opcodes.DUP);
            super.visitLdcInsn(CodeSites.register(className, methodName, line));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, RECORDER, method, HOOK, false);
        }

        private void beforeInstruction() {
            if (atHandler) {
                atHandler = false;
                hook("caught");
            }
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null) {
                handlers.add(handler);
            }
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            if (handlers.contains(label)) {
                atHandler = true;
            }
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitInsn(int opcode) {
            beforeInstruction();
            if (opcode == Opcodes.ATHROW) {
                hook("thrown");
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            beforeInstruction();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            beforeInstruction();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            beforeInstruction();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            beforeInstruction();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            beforeInstruction();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            beforeInstruction();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            beforeInstruction();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            beforeInstruction();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            beforeInstruction();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            beforeInstruction();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            beforeInstruction();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            beforeInstruction();
            super.visitMultiANewArrayInsn(descriptor, dimensions);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals); // the duplicated exception and the site number
        }
    }
}
