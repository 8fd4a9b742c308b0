package cn.wenming.report;

/** A workflow step that cannot be taken; the message is a Chinese sentence for the person who tried. */
public class WorkflowException extends RuntimeException {

    public WorkflowException(String message) {
        super(message, null, false, false);
    }
}
