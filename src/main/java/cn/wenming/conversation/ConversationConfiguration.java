package cn.wenming.conversation;

import cn.wenming.core.CommandTable;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    /** The one table of command words (config/commands.yml), for the classifier and every flow. */
    @Bean
    CommandTable commandTable(@Value("${wenming.commands-file:config/commands.yml}") Path file) {
        return CommandTable.load(file);
    }
}
