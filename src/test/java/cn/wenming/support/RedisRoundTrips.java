package cn.wenming.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Counts the round trips the service's Redis template makes: a command sent on its own is one, a
 * pipeline is one however many commands it carries. Import it into a test's context; it wraps the
 * template's connection factory, so what the service does is counted, not what the test does.
 */
public final class RedisRoundTrips {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private RedisRoundTrips() {
    }

    /**
     * The instance lease renews itself every half second on its own thread: that is the instance's
     * heartbeat, not work a message caused, so it is not counted.
     */
    private static void count() {
        if (!Thread.currentThread().getName().equals("wechat-instance-lease")) {
            COUNT.incrementAndGet();
        }
    }

    /** Round trips since the last call. */
    public static int takeCount() {
        return COUNT.getAndSet(0);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Counting {

        @Bean
        static BeanPostProcessor countRedisRoundTrips() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof StringRedisTemplate template) {
                        RedisConnectionFactory real = template.getConnectionFactory();
                        template.setConnectionFactory(proxy(RedisConnectionFactory.class, real, (target, method,
                                args) -> {
                            Object result = invoke(target, method, args);
                            return result instanceof RedisConnection connection
                                    ? proxy(RedisConnection.class, connection, new ConnectionCounter(connection))
                                    : result;
                        }));
                    }
                    return bean;
                }
            };
        }
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    /** Counts each command made outside a pipeline, and each pipeline once when it is sent. */
    private record ConnectionCounter(RedisConnection connection) implements Handler {

        @Override
        public Object handle(Object target, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("closePipeline")) {
                count();
            } else if (isCommand(method) && !connection.isPipelined()) {
                count();
            }
            Object result = invoke(target, method, args);
            // connection.hashCommands().hGetAll(…): the command group is counted call by call too.
            if (result != null && method.getReturnType().isInterface()
                    && method.getReturnType().getPackageName().equals("org.springframework.data.redis.connection")
                    && name.endsWith("Commands")) {
                return Proxy.newProxyInstance(RedisRoundTrips.class.getClassLoader(),
                        new Class<?>[] {method.getReturnType()}, (p, m, a) -> {
                            if (!connection.isPipelined() && m.getDeclaringClass() != Object.class) {
                                count();
                            }
                            return invoke(result, m, a);
                        });
            }
            return result;
        }

        private static boolean isCommand(Method method) {
            String name = method.getName();
            return !(name.endsWith("Commands") || name.equals("close") || name.equals("isClosed")
                    || name.equals("isPipelined") || name.equals("openPipeline") || name.equals("isQueueing")
                    || name.equals("getNativeConnection") || name.equals("getSentinelConnection")
                    || name.equals("getSubscription") || name.equals("isSubscribed")
                    || method.getDeclaringClass() == Object.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        InvocationHandler invocation = (p, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(RedisRoundTrips.class.getClassLoader(), new Class<?>[] {type}, invocation);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
