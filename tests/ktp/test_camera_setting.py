"""`[kiosk] camera`: "none" (the default), "qt", or "files:DIR"; anything else is refused with
the key and the reason. And the camera that plays picture files."""
from __future__ import annotations

import pytest

from kiosk.config import parse_config
from kiosk.domain.errors import ConfigError
from tests.config.test_config import DEFAULT_TEXT


def _kiosk(line: str):
    return parse_config(DEFAULT_TEXT.replace("[kiosk]\n", f"[kiosk]\n{line}\n", 1), "x.toml").kiosk


def test_the_camera_is_none_unless_the_branch_names_one():
    assert parse_config(DEFAULT_TEXT, "x.toml").kiosk.camera == "none"
    assert _kiosk('camera = "qt"').camera == "qt"
    assert _kiosk('camera = "files:/srv/tray"').camera == "files:/srv/tray"


@pytest.mark.parametrize("value, reason", [("webcam", "camera harus"), ("files:", "camera harus"),
                                           ("", "tidak boleh kosong")])
def test_another_camera_is_refused_naming_the_key(value, reason):
    with pytest.raises(ConfigError, match=rf"^x.toml: kiosk.camera: {reason}"):
        _kiosk(f'camera = "{value}"')


def test_the_file_camera_plays_each_picture_once_in_name_order(tmp_path):
    from kiosk.ui.kiosk.camera import FileCamera, NoCamera, camera_from_setting

    (tmp_path / "b.png").write_bytes(b"second")
    (tmp_path / "a.jpg").write_bytes(b"first")
    (tmp_path / "notes.txt").write_text("not a picture")
    camera = camera_from_setting(f"files:{tmp_path}")
    assert isinstance(camera, FileCamera) and camera.present
    assert [camera.grab(), camera.grab(), camera.grab()] == [b"first", b"second", None]
    assert isinstance(camera_from_setting(f"files:{tmp_path / 'gone'}"), NoCamera)
    assert not camera_from_setting("none").present
