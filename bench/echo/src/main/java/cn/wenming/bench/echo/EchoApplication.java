package cn.wenming.bench.echo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The bare WxJava echo that issue 15 measures the product against: what binarywang's
 * weixin-java-mp-demo does for a text message, with its handler changed to echo the text. Nothing here
 * is meant to be clever; it is the baseline an ordinary WxJava application gets for free.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EchoApplication {

    public static void main(String[] args) {
        SpringApplication.run(EchoApplication.class, args);
    }
}
