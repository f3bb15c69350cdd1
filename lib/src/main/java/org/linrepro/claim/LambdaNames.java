package org.linrepro.claim;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/** Names the code behind a serializable lambda or method reference, for {@code linrepro explain}. */
final class LambdaNames {
    private LambdaNames() {}

    /** {@code pkg.Class.method} for a method reference, {@code pkg.Class} for a lambda written in that class. */
    static String of(Serializable fn) {
        try {
            Method w = fn.getClass().getDeclaredMethod("writeReplace");
            w.setAccessible(true);
            SerializedLambda l = (SerializedLambda) w.invoke(fn);
            String cls = l.getImplClass().replace('/', '.');
            return l.getImplMethodName().startsWith("lambda$") ? cls : cls + "." + l.getImplMethodName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return fn.getClass().getName();
        }
    }
}
