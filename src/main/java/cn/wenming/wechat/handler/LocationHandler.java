package cn.wenming.wechat.handler;

import cn.wenming.ask.ResidentMessages;
import org.springframework.stereotype.Component;

/** A shared location: until 随手拍 opens, say what locations will be used for. */
@Component
public class LocationHandler extends FixedReplyHandler {

    LocationHandler() {
        super(ResidentMessages.LOCATION_RECEIVED);
    }
}
