package cn.wenming.wechat.handler;

import cn.wenming.ask.ResidentMessages;
import org.springframework.stereotype.Component;

/** A photo: until 随手拍 opens, say what photos will be used for. */
@Component
public class ImageHandler extends FixedReplyHandler {

    ImageHandler() {
        super(ResidentMessages.IMAGE_RECEIVED);
    }
}
