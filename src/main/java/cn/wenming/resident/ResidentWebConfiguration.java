package cn.wenming.resident;

import org.springframework.context.annotation.Configuration;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * Browser sessions in Redis (30 minutes idle), so the service stays stateless behind the load
 * balancer: a resident who signed in on one instance is known on all of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = 1800, redisNamespace = "wenming:session")
class ResidentWebConfiguration {
}
