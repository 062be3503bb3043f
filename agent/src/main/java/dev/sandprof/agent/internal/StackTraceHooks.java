package dev.sandprof.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Rewrites {@code Throwable} and {@code Thread} so that the stack traces they hand out pass through
 * {@link SandboxFrames#trim}: {@code Throwable.getOurStackTrace()} (behind {@code printStackTrace},
 * {@code getStackTrace} and serialisation; the trimmed trace is kept in the throwable, so it is
 * trimmed once), {@code Thread.getStackTrace()} and {@code Thread.getAllStackTraces()}. Each
 * {@code areturn} of those methods gets a static call before it; nothing else changes: no branch,
 * no new member or local, the line numbers as they were.
 *
 * <p>Plain ASM (Byte Buddy's, shaded) and not Byte Buddy's {@code AgentBuilder}, whose set-up is
 * the largest start-up cost (DEPENDENCIES.md): this runs at every sandbox's start. The transformer
 * stays registered, answering for those two classes only: a later retransformation of
 * {@code Throwable} (JFR's, on 17) starts again from the JDK's bytes and would drop the hooks.
 */
public final class StackTraceHooks implements ClassFileTransformer {

    /** {@link SandboxFrames}'s copy in {@code java.lang}, where {@code Throwable} can call it. */
    static final String FRAMES = "java/lang/SandprofFrames";
    private static final String TEMPLATE = "dev/sandprof/agent/internal/SandboxFrames";
    private static final String TRACE = "[Ljava/lang/StackTraceElement;";

    private StackTraceHooks() {}

    /**
     * Defines {@link SandboxFrames}'s copy in {@code java.lang} and rewrites the two classes.
     *
     * @param javaLang a lookup with package access in {@code java.lang}, to define the copy with
     * @throws IllegalStateException saying what failed: the traces then keep sandprof's frames
     */
    public static void install(Instrumentation instrumentation, MethodHandles.Lookup javaLang) {
        if (javaLang.lookupClass().getClassLoader() != null || !javaLang.lookupClass().getPackageName().equals("java.lang")) {
            throw new IllegalArgumentException("a lookup in java.lang is needed, not in " + javaLang.lookupClass());
        }
        try {
            javaLang.defineClass(framesInJavaLang());
        } catch (IllegalAccessException | LinkageError e) {
            throw new IllegalStateException("cannot define " + FRAMES.replace('/', '.') + ": " + e, e);
        }
        StackTraceHooks hooks = new StackTraceHooks();
        instrumentation.addTransformer(hooks, true);
        try {
            instrumentation.retransformClasses(Throwable.class, Thread.class);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            instrumentation.removeTransformer(hooks);
            throw new IllegalStateException("the JVM would not rewrite Throwable and Thread: " + e, e);
        }
    }

    /**
     * {@link SandboxFrames}'s class file, renamed: its name is one constant of its pool, and its
     * type another (in debug information: it takes and returns JDK types only), so each constant is
     * replaced where it stands. Not ASM's {@code ClassRemapper}: loading it cost more
     * than the rest of the rewriting.
     */
    static byte[] framesInJavaLang() {
        byte[] template;
        try (InputStream in = StackTraceHooks.class.getResourceAsStream("SandboxFrames.class")) {
            if (in == null) {
                throw new IllegalStateException("the agent's jar has no SandboxFrames.class");
            }
            template = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read SandboxFrames.class from the agent's jar: " + e.getMessage(), e);
        }
        byte[] renamed = replaceConstant(template, TEMPLATE, FRAMES, true);
        // Its type as a descriptor: only in the debug table of its constructor's locals, if at all.
        return replaceConstant(renamed, "L" + TEMPLATE + ";", "L" + FRAMES + ";", false);
    }

    private static byte[] replaceConstant(byte[] classFile, String from, String to, boolean required) {
        byte[] old = utf8Constant(from);
        byte[] now = utf8Constant(to);
        int at = indexOf(classFile, old, 0);
        if (at < 0 && !required) {
            return classFile;
        }
        if (at < 0 || indexOf(classFile, old, at + 1) >= 0) {
            throw new IllegalStateException("SandboxFrames.class does not hold " + from + " once");
        }
        byte[] replaced = new byte[classFile.length - old.length + now.length];
        System.arraycopy(classFile, 0, replaced, 0, at);
        System.arraycopy(now, 0, replaced, at, now.length);
        System.arraycopy(classFile, at + old.length, replaced, at + now.length, classFile.length - at - old.length);
        return replaced;
    }

    /** A {@code CONSTANT_Utf8} entry: its tag, its length in two bytes, its (here ASCII) bytes. */
    private static byte[] utf8Constant(String ascii) {
        byte[] text = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] entry = new byte[3 + text.length];
        entry[0] = 1;
        entry[1] = (byte) (text.length >>> 8);
        entry[2] = (byte) text.length;
        System.arraycopy(text, 0, entry, 3, text.length);
        return entry;
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (in[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !("java/lang/Throwable".equals(className) || "java/lang/Thread".equals(className))) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new Hooking(writer, className), 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            System.err.println("sandprof agent: " + className + " was not rewritten, stack traces keep sandprof's frames: " + e);
            return null;
        }
    }

    private static final class Hooking extends ClassVisitor {
        private final String className;

        Hooking(ClassVisitor next, String className) {
            super(OpenedClassReader.ASM_API, next);
            this.className = className;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (className.equals("java/lang/Throwable") && name.equals("getOurStackTrace") && descriptor.equals("()" + TRACE)) {
                return new BeforeReturn(mv, true, "trim", "(" + TRACE + ")" + TRACE);
            }
            if (className.equals("java/lang/Thread") && name.equals("getStackTrace") && descriptor.equals("()" + TRACE)) {
                return new BeforeReturn(mv, false, "trim", "(" + TRACE + ")" + TRACE);
            }
            if (className.equals("java/lang/Thread") && name.equals("getAllStackTraces") && descriptor.equals("()Ljava/util/Map;")) {
                return new BeforeReturn(mv, false, "trimAll", "(Ljava/util/Map;)Ljava/util/Map;");
            }
            return mv;
        }
    }

    /** Passes what a method returns through a {@code SandboxFrames} method first. */
    private static final class BeforeReturn extends MethodVisitor {
        private final boolean storeInThrowable;
        private final String method;
        private final String descriptor;

        BeforeReturn(MethodVisitor mv, boolean storeInThrowable, String method, String descriptor) {
            super(OpenedClassReader.ASM_API, mv);
            this.storeInThrowable = storeInThrowable;
            this.method = method;
            this.descriptor = descriptor;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                if (storeInThrowable) {
                    // Stack juggling, not locals: the method's locals are known only at its end.
                    super.visitInsn(Opcodes.DUP);                                 // returned returned
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, FRAMES, method, descriptor, false); // returned trimmed
                    super.visitInsn(Opcodes.DUP_X1);                              // trimmed returned trimmed
                    super.visitVarInsn(Opcodes.ALOAD, 0);                         // trimmed returned trimmed this
                    super.visitInsn(Opcodes.DUP_X2);                              // trimmed this returned trimmed this
                    super.visitFieldInsn(Opcodes.GETFIELD, "java/lang/Throwable", "stackTrace", TRACE);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, FRAMES, "stored", "(" + TRACE + TRACE + TRACE + ")" + TRACE, false);
                    super.visitFieldInsn(Opcodes.PUTFIELD, "java/lang/Throwable", "stackTrace", TRACE); // trimmed
                } else {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, FRAMES, method, descriptor, false);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 4, maxLocals);
        }
    }
}
